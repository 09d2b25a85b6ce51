"""URLs of audit: pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

app_name = "audit"

urlpatterns: list = []

api_urlpatterns: list = []
