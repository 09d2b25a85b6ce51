"""Permissions for the bookings part of volunteering."""
