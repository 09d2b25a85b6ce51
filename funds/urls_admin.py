"""Addresses of Fund administrators' pages on funds and rounds, included by funds/urls.py."""

from django.urls import path  # noqa: F401

from . import views_admin as views  # noqa: F401

urlpatterns: list = []
