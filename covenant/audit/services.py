"""Writing to the audit log; every service that makes a consequential change calls audit_record."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def audit_record(
    *,
    actor: Any | None,
    action: str,
    target: models.Model | None = None,
    changes: dict | None = None,
    metadata: dict | None = None,
) -> AuditEntry:
    """Append one entry. `actor` is the user who acted, or None for the system itself."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        actor=actor,
        actor_label=getattr(actor, "email", "") if actor else "",
        action=action,
        changes=changes or {},
        metadata=metadata or {},
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.target_id = str(target.pk)
        entry.target_label = str(target)[:255]
    entry.save()
    return entry


def diff(before: dict, after: dict) -> dict:
    """The fields that changed between two snapshots, as {field: [old, new]}."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}
