"""The signed-in person's unread notification count, for the header on every page."""

from .selectors import notification_unread_count


def unread(request) -> dict:
    user = getattr(request, "user", None)
    return {"unread_notifications_count": notification_unread_count(user=user) if user is not None else 0}
