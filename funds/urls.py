"""URLs of the funds app: its pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

from django.urls import path

from . import views
from .api import api_urlpatterns  # noqa: F401  (collected by covenant/urls.py)

app_name = "funds"

urlpatterns: list = [
    path("360giving.json", views.grants_json, name="360giving-json"),
    path("360giving.csv", views.grants_csv, name="360giving-csv"),
]
