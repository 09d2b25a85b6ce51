"""URLs of audit: pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

from django.urls import path

from . import api, views

app_name = "audit"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("<int:pk>/", views.audit_detail, name="detail"),
]

api_urlpatterns = [
    path("audit/", api.AuditEntryListAPI.as_view(), name="audit-list"),
]
