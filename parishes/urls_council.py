"""Addresses of the council officers' pages on pop-up parishes, under /parishes/council/."""

urlpatterns: list = []
