"""Models of assets of community value."""
