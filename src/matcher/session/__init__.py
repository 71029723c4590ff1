"""matcher.session."""
