from django.apps import AppConfig


class ParishesConfig(AppConfig):
    name = "parishes"
    verbose_name = "Parishes"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules on import)
