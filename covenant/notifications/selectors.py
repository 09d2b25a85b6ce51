"""Reads of notifications: a person's own list and their unread count."""

from django.db.models import QuerySet

from .models import Notification


def notification_list_for(*, user) -> QuerySet[Notification]:
    """The person's own notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created", "-id")


def notification_unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
