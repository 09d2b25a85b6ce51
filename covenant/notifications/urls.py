"""URLs of notifications: pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

app_name = "notifications"

urlpatterns: list = []

api_urlpatterns: list = []
