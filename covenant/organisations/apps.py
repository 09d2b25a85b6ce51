from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "covenant.organisations"
    label = "organisations"
    verbose_name = "Organisations"

    def ready(self):
        # Registers the organisations.* rules permissions.
        from . import permissions  # noqa: F401
