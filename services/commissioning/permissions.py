"""Who may do what in public value commissioning, as rules permissions named services_commissioning.<verb>_<thing>."""
