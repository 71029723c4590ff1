"""matcher.outputs."""
