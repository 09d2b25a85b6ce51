"""Accounts: the custom user (email login through allauth), person profile and roles."""
