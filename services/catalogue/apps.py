"""The service catalogue's app: the services councils run or commission, which the other parts build on."""

from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "services.catalogue"
    label = "services_catalogue"
    verbose_name = "Service catalogue"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules on import)
