"""Addresses of the service catalogue: pages under /services/, API under /api/v1/."""

urlpatterns: list = []

api_urlpatterns: list = []
