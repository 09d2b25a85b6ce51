"""URLs of the volunteers app: its pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

app_name = "volunteers"

urlpatterns: list = []

api_urlpatterns: list = []
