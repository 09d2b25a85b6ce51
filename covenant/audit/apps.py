from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "covenant.audit"
    label = "audit"
    verbose_name = "Audit"
