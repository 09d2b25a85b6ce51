"""URLs of the parishes app: its pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

app_name = "parishes"

urlpatterns: list = []

api_urlpatterns: list = []
