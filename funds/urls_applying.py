"""Addresses of Applicants' pages on community funds, included by funds/urls.py."""

from django.urls import path

from . import views_applying as views

urlpatterns: list = [
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/apply/", views.round_apply, name="round-apply"),
    path("applications/", views.your_applications, name="applications"),
    path("applications/<int:pk>/", views.application_page, name="application"),
    path("applications/<int:pk>/details/", views.application_details, name="application-details"),
    path("applications/<int:pk>/questions/<slug:key>/", views.application_question, name="application-question"),
    path("applications/<int:pk>/budget/", views.application_budget, name="application-budget"),
    path("applications/<int:pk>/areas/", views.application_areas, name="application-areas"),
    path("applications/<int:pk>/bank-details/", views.application_bank_details, name="application-bank-details"),
    path("applications/<int:pk>/check/", views.application_check, name="application-check"),
    path("applications/<int:pk>/submitted/", views.application_submitted, name="application-submitted"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw_page, name="application-withdraw"),
    path("applications/<int:pk>/agreement/", views.application_agreement, name="application-agreement"),
    path("applications/<int:pk>/payments/", views.application_payments, name="application-payments"),
    path("applications/<int:pk>/reports/<int:number>/", views.application_report, name="application-report"),
    path("applications/<int:pk>/variation/", views.application_variation, name="application-variation"),
]
