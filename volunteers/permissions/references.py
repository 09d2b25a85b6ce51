"""Permissions for the references part of the Volunteer Passport."""
