from django.apps import AppConfig


class ParishesConfig(AppConfig):
    name = "parishes"
    verbose_name = "Parishes"

    def ready(self) -> None:
        from covenant.accounts.privacy import register

        from . import permissions  # noqa: F401  (registers the rules on import)
        from .services import parishes_erase, parishes_export

        # Parishes' part of a person's data export and erasure.
        register("parishes", export=parishes_export, erase=parishes_erase)
