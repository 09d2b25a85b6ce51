"""Addresses of an active pop-up parish's own pages, under /parishes/<slug>/."""

urlpatterns: list = []
