"""Addresses of assets of community value: pages under /services/assets-of-community-value/, API under /api/v1/."""

urlpatterns: list = []

api_urlpatterns: list = []
