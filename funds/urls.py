"""URLs of the funds app: its pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

from django.urls import path

from . import urls_admin, urls_applying, urls_assessing, views
from .api import api_urlpatterns  # noqa: F401  (collected by covenant/urls.py)

app_name = "funds"

# Each group of pages keeps its own addresses: the public pages here, applicants' in urls_applying, assessors'
# and deciders' in urls_assessing, administrators' set-up and dashboards in urls_admin.
urlpatterns: list = [
    path("", views.index, name="index"),
    path("awards/", views.awards, name="awards"),
    path("awards/<int:pk>/", views.award, name="award"),
    path("360giving.json", views.grants_json, name="360giving-json"),
    path("360giving.csv", views.grants_csv, name="360giving-csv"),
    *urls_applying.urlpatterns,
    *urls_assessing.urlpatterns,
    *urls_admin.urlpatterns,
]
