"""matcher.carving."""
