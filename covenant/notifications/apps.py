from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "covenant.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # Registers the notifications.* rules permissions.
        from . import permissions  # noqa: F401
