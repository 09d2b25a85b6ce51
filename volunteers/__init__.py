"""Volunteer Passport, needs and shifts, matching and the National Volunteer Reserve."""
