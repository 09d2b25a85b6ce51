"""The app of public value commissioning: its models, migrations and rules."""

from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "services.commissioning"
    label = "services_commissioning"
    verbose_name = "Public value commissioning"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules on import)
