"""URLs of the funds app: its pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

app_name = "funds"

urlpatterns: list = []

api_urlpatterns: list = []
