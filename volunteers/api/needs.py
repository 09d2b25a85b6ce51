"""API for the needs part of volunteering."""

urlpatterns: list = []
