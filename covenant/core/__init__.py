"""Shared core: layout, start pages, health checks and API conventions."""
