"""The app of public value commissioning: its models, migrations and rules, and its links on catalogue pages."""

from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "services.commissioning"
    label = "services_commissioning"
    verbose_name = "Public value commissioning"

    def ready(self):
        from services.catalogue.selectors import register_service_links

        from . import permissions  # noqa: F401  (registers the rules on import)
        from .selectors import exercise_links

        register_service_links(exercise_links)
