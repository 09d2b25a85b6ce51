"""Pages for the credentials part of the Volunteer Passport."""

urlpatterns: list = []
