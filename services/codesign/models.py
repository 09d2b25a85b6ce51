"""Models of co-design and participatory budgets."""
