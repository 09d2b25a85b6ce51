"""The services package's own app: following, and the mount point of its parts' pages and API."""

from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = "Services"
