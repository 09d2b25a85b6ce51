"""Notifications: one entry point to tell a person something, in-app, by email or by SMS."""
