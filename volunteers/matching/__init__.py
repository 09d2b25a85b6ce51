"""Supply-demand matching of volunteers to shifts: scoring, solving and offering."""
