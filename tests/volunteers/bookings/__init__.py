"""Tests of bookings: signing up, rostering, attendance and hours."""
