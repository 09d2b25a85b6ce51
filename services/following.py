"""Following a process, challenge, asset or exercise, and telling its followers when it moves."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, QuerySet

from covenant.audit.services import audit_record
from covenant.notifications.services import notify

from .models import Follow


def _key(target: Model) -> dict:
    return {"content_type": ContentType.objects.get_for_model(target), "object_id": target.pk}


def is_following(user, target: Model) -> bool:
    if not (user is not None and user.is_authenticated):
        return False
    return Follow.objects.filter(user=user, **_key(target)).exists()


def followers_of(target: Model) -> QuerySet:
    from django.contrib.auth import get_user_model

    ids = Follow.objects.filter(**_key(target)).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk")


@transaction.atomic
def follow_add(*, actor, target: Model) -> Follow:
    """Follow something; following it again changes nothing."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    follow, created = Follow.objects.get_or_create(user=actor, **_key(target))
    if created:
        audit_record(actor=actor, action="services.followed", target=target)
    return follow


@transaction.atomic
def follow_remove(*, actor, target: Model) -> None:
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    deleted, _ = Follow.objects.filter(user=actor, **_key(target)).delete()
    if deleted:
        audit_record(actor=actor, action="services.unfollowed", target=target)


# The one event followers are told through: the context gives its `title` (one line) and `summary`.
FOLLOWED_MOVED = "services.followed_moved"


def followers_notify(*, target: Model, title: str, summary: str = "", key: str, url: str = "",
                     exclude=None, event: str = FOLLOWED_MOVED, context: dict | None = None) -> int:
    """Tell everyone following `target` that it moved (`title`, `summary`), once per key (notify keeps deliveries
    idempotent), except the person who made the change. Returns how many were told."""
    context = {"title": title, "summary": summary, **(context or {})}
    told = 0
    for person in followers_of(target):
        if exclude is not None and person.pk == exclude.pk:
            continue
        notify(event=event, recipient=person, context=context, key=f"{key}:{person.pk}", url=url)
        told += 1
    return told
