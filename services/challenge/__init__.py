"""The Community Right to Challenge: expressions of interest in running a council service, and their decisions."""
