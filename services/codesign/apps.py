"""The app of co-design and participatory budgets: its models, migrations, rules, privacy, daily task and links on
catalogue pages."""

from django.apps import AppConfig

# Its daily task's entry in the project's beat schedule (CELERY_BEAT_SCHEDULE in covenant/settings.py).
BEAT_ENTRY = "services-codesign-phases-announce"


class CodesignConfig(AppConfig):
    name = "services.codesign"
    label = "services_codesign"
    verbose_name = "Co-design and participatory budgets"

    def ready(self):
        from covenant.accounts.privacy import register
        from services.catalogue.selectors import register_service_links

        from . import permissions  # noqa: F401  (registers the rules on import)
        from .selectors import process_links
        from .services.privacy import codesign_erase, codesign_export

        register("codesign", export=codesign_export, erase=codesign_erase)
        register_service_links(process_links)
