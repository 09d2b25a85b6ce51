"""Addresses of the Community Right to Challenge: pages under /services/challenges/, API under /api/v1/."""

urlpatterns: list = []

api_urlpatterns: list = []
