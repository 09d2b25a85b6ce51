"""Permissions for the issuing part of the Volunteer Passport."""
