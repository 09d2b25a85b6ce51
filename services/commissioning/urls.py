"""Addresses of public value commissioning: pages under /services/commissioning/, API under /api/v1/."""

urlpatterns: list = []

api_urlpatterns: list = []
