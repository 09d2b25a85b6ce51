"""Addresses of Fund administrators' pages on funds and rounds, included by funds/urls.py."""

from django.urls import path

from . import views_admin as views

# Under /funds/manage/. The fixed addresses come first: "dashboard", "left-behind" and "rounds" are reserved, so
# no fund's short name hides them. /funds/manage/applications/ and /funds/manage/rounds/<id>/applications/ are
# the assessing pages' (urls_assessing, included before these).
urlpatterns: list = [
    path("manage/", views.funds_page, name="manage"),
    path("manage/left-behind/", views.left_behind_page, name="manage-left-behind"),
    path("manage/dashboard/", views.dashboards_page, name="manage-dashboards"),
    path("manage/dashboard/<slug:slug>/", views.dashboard_page, name="manage-dashboard"),
    path("manage/dashboard/<slug:slug>/<slug:section>.csv", views.dashboard_csv_page, name="manage-dashboard-csv"),
    path("manage/rounds/<int:pk>/", views.round_page, name="manage-round"),
    path("manage/rounds/<int:pk>/edit/", views.round_edit_page, name="manage-round-edit"),
    path("manage/rounds/<int:pk>/questions/add/", views.question_kind_page, name="manage-question-kind"),
    path("manage/rounds/<int:pk>/questions/add/<slug:kind>/", views.question_add_page, name="manage-question-add"),
    path("manage/rounds/<int:pk>/questions/<int:question>/remove/", views.question_remove_page,
         name="manage-question-remove"),
    path("manage/rounds/<int:pk>/criteria/add/", views.criterion_add_page, name="manage-criterion-add"),
    path("manage/rounds/<int:pk>/criteria/<int:criterion>/remove/", views.criterion_remove_page,
         name="manage-criterion-remove"),
    path("manage/rounds/<int:pk>/budget/add/", views.budget_allocate_page, name="manage-budget-allocate"),
    path("manage/rounds/<int:pk>/budget/return/", views.budget_return_page, name="manage-budget-return"),
    path("manage/rounds/<int:pk>/publish/", views.round_publish_page, name="manage-round-publish"),
    path("manage/<slug:slug>/", views.fund_page, name="manage-fund"),
    path("manage/<slug:slug>/settings/", views.fund_settings_page, name="manage-fund-settings"),
    path("manage/<slug:slug>/capital/", views.capital_page, name="manage-capital"),
    path("manage/<slug:slug>/returns/", views.return_page, name="manage-return"),
    path("manage/<slug:slug>/valuations/", views.valuation_page, name="manage-valuation"),
    path("manage/<slug:slug>/drawdown/", views.drawdown_page, name="manage-drawdown"),
    path("manage/<slug:slug>/programmes/add/", views.programme_add_page, name="manage-programme-add"),
    path("manage/<slug:slug>/programmes/<slug:programme>/rounds/add/", views.round_add_page,
         name="manage-round-add"),
]
