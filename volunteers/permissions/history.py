"""Permissions for the history part of the Volunteer Passport."""
