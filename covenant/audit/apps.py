from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "covenant.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self):
        # Registers the audit.* rules permissions.
        from . import permissions  # noqa: F401
