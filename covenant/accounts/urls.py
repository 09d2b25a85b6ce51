"""URLs of accounts: pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

from django.urls import path

from . import api, views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("change/", views.profile_change, name="profile_change"),
    path("download-your-data/", views.download_data, name="download_data"),
    path("delete/", views.delete_account, name="delete"),
    path("deleted/", views.account_deleted, name="deleted"),
    path("api-access/", views.api_access, name="api_access"),
    path("api-access/create/", views.api_token_create, name="api_token_create"),
    path("api-access/revoke/", views.api_token_revoke, name="api_token_revoke"),
]

api_urlpatterns = [
    path("me/", api.MeView.as_view(), name="me"),
]
