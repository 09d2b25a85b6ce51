"""Models of public value commissioning."""
