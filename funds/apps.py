"""Community funds: rounds, applications, assessment, awards, payments and 360Giving."""
from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = "Funds"

    def ready(self) -> None:
        from covenant.accounts.privacy import register

        from . import permissions  # noqa: F401  (registers the rules on import)
        from .privacy import funds_export

        # Erasure changes nothing here: who applied for, assessed, decided and paid public money stays on the
        # record, under the anonymised account the core leaves in the person's place.
        register("funds", export=funds_export)
