"""Who may see and act on a notification: only the person it was for."""

import rules


@rules.predicate
def is_recipient(user, notification) -> bool:
    return notification is not None and user.is_authenticated and notification.recipient_id == user.pk


rules.add_perm("notifications.view_notification", is_recipient)
rules.add_perm("notifications.read_notification", is_recipient)
