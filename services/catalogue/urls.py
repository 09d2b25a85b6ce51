"""Addresses of the service catalogue: pages under /services/, API under /api/v1/."""

from django.urls import path

from . import views
from .api import api_urlpatterns  # noqa: F401  (the API's routes, mounted under /api/v1/)

# The officers' fixed addresses come before a service's own (/services/<council>/<reference>/).
urlpatterns = [
    path("", views.catalogue, name="catalogue-list"),
    path("manage/", views.manage, name="catalogue-manage"),
    path("manage/<int:pk>/add/", views.service_add, name="catalogue-add"),
    path("manage/<int:pk>/import/", views.catalogue_import, name="catalogue-import"),
    path("manage/<int:pk>/import/template.csv", views.import_template, name="catalogue-import-template"),
    path("manage/<int:pk>/export.csv", views.catalogue_export, name="catalogue-export"),
    path("<str:council>/<slug:reference>/", views.service_detail, name="catalogue-service"),
    path("<str:council>/<slug:reference>/edit/", views.service_edit, name="catalogue-edit"),
]
