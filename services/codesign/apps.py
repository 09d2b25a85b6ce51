"""The app of co-design and participatory budgets: its models, migrations and rules."""

from django.apps import AppConfig


class CodesignConfig(AppConfig):
    name = "services.codesign"
    label = "services_codesign"
    verbose_name = "Co-design and participatory budgets"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules on import)
