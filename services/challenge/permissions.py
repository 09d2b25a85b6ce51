"""Who may do what in the Community Right to Challenge, as rules permissions named services_challenge.<verb>_<thing>."""
