"""The app of assets of community value: its models, migrations and rules."""

from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "services.assets"
    label = "services_assets"
    verbose_name = "Assets of Community Value"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules on import)
