"""Addresses of co-design and participatory budgets: pages under /services/co-design/, API under /api/v1/."""

urlpatterns: list = []

api_urlpatterns: list = []
