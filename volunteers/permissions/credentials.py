"""Permissions for the credentials part of the Volunteer Passport."""
