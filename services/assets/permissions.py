"""Who may do what in assets of community value, as rules permissions named services_assets.<verb>_<thing>."""
