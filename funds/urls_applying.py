"""Addresses of Applicants' pages on community funds, included by funds/urls.py."""

from django.urls import path  # noqa: F401

from . import views_applying as views  # noqa: F401

urlpatterns: list = []
