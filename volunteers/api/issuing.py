"""API for the issuing part of the Volunteer Passport."""

urlpatterns: list = []
