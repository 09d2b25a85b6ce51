from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = "Volunteers"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
