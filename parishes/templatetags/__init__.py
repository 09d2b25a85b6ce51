"""Template tags and filters of the parishes app."""
