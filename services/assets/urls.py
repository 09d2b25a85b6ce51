"""Addresses of assets of community value: pages under /services/assets-of-community-value/, API under /api/v1/."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("", views.asset_register, name="asset-register"),
    path("unsuccessful/", views.asset_unsuccessful, name="asset-unsuccessful"),
    # Stable addresses of the open data, in the planning data's dataset fields.
    path("asset-of-community-value.csv", views.asset_export_csv, name="asset-export-csv"),
    path("asset-of-community-value.json", views.asset_export_json, name="asset-export-json"),
    path("nominate/", views.asset_start, name="asset-start"),
    path("yours/", views.asset_yours, name="asset-yours"),
    path("council/", views.asset_queue, name="asset-queue"),
    path("<int:pk>/", views.asset_detail, name="asset-detail"),
    path("<int:pk>/follow/", views.asset_follow, name="asset-follow"),
    path("<int:pk>/bid/", views.asset_bid, name="asset-bid"),
    path("<int:pk>/tasks/", views.asset_tasks, name="asset-tasks"),
    path("<int:pk>/nominator/", views.asset_nominator, name="asset-nominator"),
    path("<int:pk>/members/", views.asset_members, name="asset-members"),
    path("<int:pk>/land/", views.asset_land, name="asset-land"),
    path("<int:pk>/location/", views.asset_location, name="asset-location"),
    path("<int:pk>/owner/", views.asset_owner, name="asset-owner"),
    path("<int:pk>/reasons/", views.asset_reasons, name="asset-reasons"),
    path("<int:pk>/check/", views.asset_check, name="asset-check"),
    path("<int:pk>/council/", views.asset_council, name="asset-council"),
    path("<int:pk>/council/decide/", views.asset_decide, name="asset-decide"),
    path("<int:pk>/council/review/", views.asset_review_request, name="asset-review-request"),
    path("<int:pk>/council/review/decide/", views.asset_review_decide, name="asset-review-decide"),
    path("<int:pk>/council/notice/", views.asset_notice, name="asset-notice"),
    path("<int:pk>/council/bid/", views.asset_bid_record, name="asset-bid-record"),
]

api_urlpatterns = api.api_urlpatterns
