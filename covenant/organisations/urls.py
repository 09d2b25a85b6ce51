"""URLs of organisations: pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

app_name = "organisations"

urlpatterns: list = []

api_urlpatterns: list = []
