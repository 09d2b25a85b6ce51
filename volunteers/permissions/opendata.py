"""Permissions for the opendata part of volunteering."""
