from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = "Volunteers"

    def ready(self) -> None:
        from covenant.accounts.privacy import register

        from . import permissions, receivers  # noqa: F401  (permissions registers the rules on import)
        from .selectors.sharing import passport_export
        from .services.sharing import passport_erase

        # The passport's part of a person's data export and erasure.
        register("volunteering", export=passport_export, erase=passport_erase)
        receivers.connect()
