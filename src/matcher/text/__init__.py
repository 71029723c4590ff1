"""matcher.text."""
