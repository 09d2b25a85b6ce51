"""Tests of volunteering history (hours) in the Volunteer Passport."""
