"""Models of the Community Right to Challenge."""
