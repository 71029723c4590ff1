"""matcher.analysis."""
