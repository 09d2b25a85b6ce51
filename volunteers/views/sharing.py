"""Pages for the sharing part of the Volunteer Passport."""

urlpatterns: list = []
