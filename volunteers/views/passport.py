"""Pages for the passport part of the Volunteer Passport."""

urlpatterns: list = []
