"""Permissions for the sharing part of the Volunteer Passport."""
