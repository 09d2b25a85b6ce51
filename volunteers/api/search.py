"""API for the search part of volunteering."""

urlpatterns: list = []
