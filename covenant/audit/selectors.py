"""Reads of the audit log: filtered lists for staff, one entry, and the target types in use."""

from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEntry


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entry_list(
    *,
    actor_email: str = "",
    action: str = "",
    target_type: ContentType | None = None,
    target_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries newest first. `action` matches as a prefix ("organisations." finds all of theirs);
    dates are whole local days, both inclusive."""
    entries = AuditEntry.objects.select_related("target_type")
    if actor_email:
        entries = entries.filter(actor_label__icontains=actor_email)
    if action:
        entries = entries.filter(action__startswith=action)
    if target_type is not None:
        entries = entries.filter(target_type=target_type)
    if target_id:
        entries = entries.filter(target_id=target_id)
    if date_from:
        entries = entries.filter(created_at__gte=_start_of(date_from))
    if date_to:
        entries = entries.filter(created_at__lt=_start_of(date_to + timedelta(days=1)))
    return entries.order_by("-created_at", "-id")


def audit_entry_get(*, pk: int) -> AuditEntry:
    return AuditEntry.objects.select_related("target_type", "actor").get(pk=pk)


def audit_target_types() -> list[ContentType]:
    """The kinds of thing the log has entries about, for the filter's choices."""
    ids = AuditEntry.objects.exclude(target_type=None).values("target_type").distinct()
    return list(ContentType.objects.filter(pk__in=ids).order_by("app_label", "model"))


def content_type_key(content_type: ContentType) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def content_type_from_key(key: str) -> ContentType | None:
    app_label, _, model = key.partition(".")
    if not app_label or not model:
        return None
    return ContentType.objects.filter(app_label=app_label, model=model).first()


def audit_changes_rows(entry: AuditEntry) -> list[dict]:
    """The entry's changes as rows of field, before and after, for display."""
    rows = []
    changes = entry.changes if isinstance(entry.changes, dict) else {"": entry.changes}
    for field, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            rows.append({"field": field, "before": value[0], "after": value[1], "pair": True})
        else:
            rows.append({"field": field, "before": None, "after": value, "pair": False})
    return rows
