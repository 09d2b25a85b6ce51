"""URLs of the services app: its pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

app_name = "services"

urlpatterns: list = []

api_urlpatterns: list = []
