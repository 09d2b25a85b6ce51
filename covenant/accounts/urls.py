"""URLs of accounts: pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

app_name = "accounts"

urlpatterns: list = []

api_urlpatterns: list = []
