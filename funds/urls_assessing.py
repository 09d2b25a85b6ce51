"""Addresses of Assessors' and fund administrators' pages on applications, included by funds/urls.py."""

from django.urls import path  # noqa: F401

from . import views_assessing as views  # noqa: F401

urlpatterns: list = []
