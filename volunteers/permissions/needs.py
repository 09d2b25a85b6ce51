"""Permissions for the needs part of volunteering."""
