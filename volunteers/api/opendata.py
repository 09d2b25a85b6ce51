"""API for the opendata part of volunteering."""

urlpatterns: list = []
