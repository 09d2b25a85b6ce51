"""Who may do what in an active pop-up parish: join it, hold office, meet, decide and spend."""
