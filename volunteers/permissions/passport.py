"""Permissions for the passport part of the Volunteer Passport."""
