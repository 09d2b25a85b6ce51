"""Who may do what in co-design and participatory budgets, as rules permissions named services_codesign.<verb>_<thing>."""
