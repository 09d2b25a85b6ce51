"""Tests of volunteer-to-shift matching."""
