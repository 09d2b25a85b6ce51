from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "covenant.notifications"
    label = "notifications"
    verbose_name = "Notifications"
