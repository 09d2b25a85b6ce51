"""Accountability: officers follow up what a process decided (the selected proposals and the accepted ideas and
proposals) with a status, a progress percentage and dated updates, in public; followers are told of each."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from services.following import followers_notify

from .. import dates
from ..models import (
    BudgetResult,
    Contribution,
    FollowUp,
    FollowUpStatus,
    FollowUpUpdate,
    Process,
    ResponseStatus,
)
from .common import REASON_MAX, TEXT_MAX, locked, require, text


def results_to_follow(process: Process) -> list[Contribution]:
    """What came out of the process: proposals the published vote selected, then visible ideas and proposals
    the council accepted; each once."""
    chosen: dict[int, Contribution] = {}
    result = BudgetResult.objects.filter(process=process, published_at__isnull=False).first()
    if result is not None:
        for row in result.rows.filter(selected=True).select_related("proposal").order_by("rank"):
            chosen.setdefault(row.proposal_id, row.proposal)
    accepted = Contribution.objects.filter(process=process, response_status=ResponseStatus.ACCEPTED,
                                           hidden_at__isnull=True).order_by("created_at", "id")
    for contribution in accepted:
        chosen.setdefault(contribution.pk, contribution)
    return list(chosen.values())


@transaction.atomic
def follow_ups_start(*, actor, process: Process) -> int:
    """Start following up every result not yet followed up; returns how many were added."""
    process = locked(process)
    require(actor, "services_codesign.manage_process", process)
    if process.is_draft:
        raise ValidationError(_("Publish the process first"))
    results = results_to_follow(process)
    if not results:
        raise ValidationError(_("There is nothing to follow up yet. Publish the result of the vote, or accept ideas "
                                "or proposals, first"))
    followed = set(FollowUp.objects.filter(process=process).values_list("contribution_id", flat=True))
    added = [FollowUp(process=process, contribution=c, title=c.title) for c in results if c.pk not in followed]
    if not added:
        raise ValidationError(_("Every result is followed up already"))
    FollowUp.objects.bulk_create(added)
    audit_record(actor=actor, action="services_codesign.follow_ups_started", target=process,
                 metadata={"contributions": [f.contribution_id for f in added]})
    return len(added)


def _progress(value, errors: dict) -> int | None:
    try:
        progress = int(str(value).strip().rstrip("%"))
    except (TypeError, ValueError):
        errors["progress"] = _("Enter the progress as a whole number from 0 to 100")
        return None
    if not 0 <= progress <= 100:
        errors["progress"] = _("Enter the progress as a whole number from 0 to 100")
        return None
    return progress


@transaction.atomic
def follow_up_update(*, actor, follow_up: FollowUp, status: str, progress, body: str,
                     posted_on: datetime.date | None = None, dropped_reason: str = "") -> FollowUpUpdate:
    """A dated update on a result, setting its status and progress. Done means 100%; not started means 0%;
    dropping a result needs the reason, which is published."""
    process = locked(follow_up.process)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    require(actor, "services_codesign.manage_process", process)
    errors: dict = {}
    if status not in FollowUpStatus.values:
        errors["status"] = _("Choose the status of the result")
    progress = _progress(progress, errors)
    body = text(body, field="body", required=_("Say what has happened since the last update"), maximum=TEXT_MAX,
                errors=errors)
    posted_on = posted_on or dates.today()
    if posted_on > dates.today():
        errors["posted_on"] = _("The date of the update must be today or in the past")
    reason = (dropped_reason or "").strip()
    if status == FollowUpStatus.DROPPED:
        text(reason, field="dropped_reason", required=_("Enter why the result was dropped"), maximum=REASON_MAX,
             errors=errors)
    else:
        reason = ""
    if progress is not None and "status" not in errors:
        if status == FollowUpStatus.DONE and progress != 100:
            errors["progress"] = _("Progress must be 100% when the work is done")
        elif status == FollowUpStatus.NOT_STARTED and progress != 0:
            errors["progress"] = _("Progress must be 0% when the work has not started")
    if errors:
        raise ValidationError(errors)
    before = {"status": follow_up.status, "progress": follow_up.progress}
    follow_up.status, follow_up.progress, follow_up.dropped_reason = status, progress, reason
    follow_up.updated_at = timezone.now()
    follow_up.save(update_fields=["status", "progress", "dropped_reason", "updated_at"])
    update = FollowUpUpdate.objects.create(follow_up=follow_up, posted_on=posted_on, body=body, status=status,
                                           progress=progress, posted_by=actor)
    audit_record(actor=actor, action="services_codesign.follow_up_updated", target=process,
                 changes={key: [before[key], value] for key, value in
                          {"status": status, "progress": progress}.items() if before[key] != value},
                 metadata={"follow_up": follow_up.pk, "update": update.pk})
    followers_notify(
        target=process, exclude=actor, key=f"services_codesign:follow_up_update:{update.pk}",
        url=reverse("services:codesign-accountability", kwargs={"slug": process.slug}),
        title=_("%(process)s: an update on “%(title)s”") % {"process": process.title, "title": follow_up.title},
        summary=f"{FollowUpStatus(status).label}, {progress}%. {body}")
    return update
