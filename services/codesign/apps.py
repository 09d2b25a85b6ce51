"""The app of co-design and participatory budgets: its models, migrations, rules, privacy, daily task and links on
catalogue pages."""

from django.apps import AppConfig

# Just after midnight in UK time, so followers hear of a phase on its first morning. The part adds its own entry
# to the beat schedule, so that the project's settings need not know each part's tasks.
BEAT_ENTRY = "services-codesign-phases-announce"
BEAT_TASK = "services.codesign.tasks.codesign_phases_announce_task"


class CodesignConfig(AppConfig):
    name = "services.codesign"
    label = "services_codesign"
    verbose_name = "Co-design and participatory budgets"

    def ready(self):
        from celery.schedules import crontab

        from covenant.accounts.privacy import register
        from covenant.celery import app
        from services.catalogue.selectors import register_service_links

        from . import permissions  # noqa: F401  (registers the rules on import)
        from .selectors import process_links
        from .services.privacy import codesign_erase, codesign_export

        register("codesign", export=codesign_export, erase=codesign_erase)
        register_service_links(process_links)
        app.conf.beat_schedule.setdefault(BEAT_ENTRY, {"task": BEAT_TASK, "schedule": crontab(hour=0, minute=5)})
