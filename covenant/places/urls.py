"""URLs of places: pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

app_name = "places"

urlpatterns: list = []

api_urlpatterns: list = []
