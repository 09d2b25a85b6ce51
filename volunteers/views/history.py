"""Pages for the history part of the Volunteer Passport."""

urlpatterns: list = []
