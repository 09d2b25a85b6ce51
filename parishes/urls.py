"""URLs of the parishes app: its pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

from django.urls import path

from . import urls_active, urls_council, views
from .api import api_urlpatterns  # noqa: F401  (the API's routes, mounted under /api/v1/)

app_name = "parishes"

# The fixed addresses come before a proposal's own, so a proposal can never hide them.
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("propose/", views.proposal_start, name="start"),
    path("yours/", views.your_proposals, name="yours"),
    *urls_council.urlpatterns,
    path("<slug:slug>/", views.proposal_detail, name="proposal"),
    path("<slug:slug>/sign/", views.proposal_sign, name="sign"),
    path("<slug:slug>/withdraw/", views.proposal_withdraw, name="withdraw"),
    path("<slug:slug>/join/", views.founding_join, name="join"),
    path("<slug:slug>/draft/", views.draft_tasks, name="draft"),
    path("<slug:slug>/draft/details/", views.draft_details, name="details"),
    path("<slug:slug>/draft/area/", views.draft_area, name="area"),
    path("<slug:slug>/draft/area/postcodes/", views.draft_area_postcodes, name="area-postcodes"),
    path("<slug:slug>/draft/sunset-date/", views.draft_sunset, name="sunset"),
    path("<slug:slug>/draft/powers/", views.draft_powers, name="powers"),
    path("<slug:slug>/draft/constitution/", views.draft_constitution, name="constitution"),
    path("<slug:slug>/draft/co-proposers/", views.draft_coproposers, name="coproposers"),
    path("<slug:slug>/draft/publish/", views.draft_publish, name="publish"),
    *urls_active.urlpatterns,
]
