"""Tests of references in the Volunteer Passport."""
