"""matcher.matching."""
