"""API for the references part of the Volunteer Passport."""

urlpatterns: list = []
