"""Permissions for the search part of volunteering."""
