"""Community funds: rounds, applications, assessment, awards, payments and 360Giving."""
from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = "Funds"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules on import)
