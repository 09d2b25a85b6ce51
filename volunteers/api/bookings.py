"""API for the bookings part of volunteering."""

urlpatterns: list = []
