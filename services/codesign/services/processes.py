"""Officers' writes on a process: open it as a draft, set its details, budget and phases, publish it, move it to
its next phase, close it; and telling followers when the dates bring a new phase."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from services.following import followers_notify

from .. import dates
from ..models import (
    PHASE_ORDER,
    Ballot,
    Contribution,
    ContributionKind,
    Phase,
    PhaseKind,
    Process,
    ProcessStatus,
    VotingMethod,
)
from .common import REASON_MAX, TEXT_MAX, TITLE_MAX, locked, pounds, process_url, require, text

# Addresses under /services/co-design/ that a process's own address must never hide.
RESERVED_SLUGS = {"officers", "new"}
APPROVAL_LIMIT_MAX = 100


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70].strip("-") or "process"
    if base in RESERVED_SLUGS:
        base = f"{base}-process"
    slug, number = base, 2
    while Process.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _details(data: dict, errors: dict) -> dict:
    return {
        "title": text(data.get("title"), field="title", required=_("Enter the title of the process"),
                      maximum=TITLE_MAX, errors=errors),
        "description": text(data.get("description"), field="description",
                            required=_("Describe the process: what residents are asked to shape, and how"),
                            maximum=TEXT_MAX, errors=errors),
    }


def _budget(*, budget, voting_method, approval_limit, errors: dict) -> dict:
    """The budget fields as the model keeps them: all empty without a budget."""
    amount = pounds(budget, field="budget", name=_("The budget"), errors=errors)
    if amount is None:
        return {"budget": None, "voting_method": "", "approval_limit": None}
    if voting_method not in VotingMethod.values:
        errors["voting_method"] = _("Choose how residents vote on the budget")
        return {}
    limit = None
    if voting_method == VotingMethod.APPROVAL:
        try:
            limit = int(approval_limit)
        except (TypeError, ValueError):
            errors["approval_limit"] = _("Enter how many proposals each voter may approve, like 3")
            return {}
        if not 1 <= limit <= APPROVAL_LIMIT_MAX:
            errors["approval_limit"] = _("Each voter must be able to approve between 1 and %(max)s proposals") % {
                "max": APPROVAL_LIMIT_MAX}
            return {}
    return {"budget": amount, "voting_method": voting_method, "approval_limit": limit}


@transaction.atomic
def process_create(*, actor, service, title: str, description: str, budget=None, voting_method: str = "",
                   approval_limit=None) -> Process:
    """Open a draft process for a service in the catalogue; officers add its phases, then publish it."""
    require(actor, "services_codesign.add_process", service)
    errors: dict = {}
    details = _details({"title": title, "description": description}, errors)
    money = _budget(budget=budget, voting_method=voting_method, approval_limit=approval_limit, errors=errors)
    if not service.is_published:
        errors["service"] = _("Publish %(service)s in the catalogue before opening a process for it") % {
            "service": service.name}
    if errors:
        raise ValidationError(errors)
    process = Process.objects.create(service=service, slug=_unique_slug(details["title"]), created_by=actor,
                                     **details, **money)
    audit_record(actor=actor, action="services_codesign.process_created", target=process,
                 metadata={"service": service.pk, "budget": str(process.budget) if process.budget else None,
                           "voting_method": process.voting_method})
    return process


def _changes(process: Process, values: dict) -> dict:
    changes = {}
    for field, value in values.items():
        before = getattr(process, field)
        if before != value:
            changes[field] = [None if before is None else str(before), None if value is None else str(value)]
            setattr(process, field, value)
    return changes


@transaction.atomic
def process_update(*, actor, process: Process, title: str, description: str) -> Process:
    process = locked(process)
    require(actor, "services_codesign.manage_process", process)
    if process.is_closed:
        raise ValidationError(_("This process is closed, so it can no longer change"))
    errors: dict = {}
    details = _details({"title": title, "description": description}, errors)
    if errors:
        raise ValidationError(errors)
    changes = _changes(process, details)
    if changes:
        process.save()
        audit_record(actor=actor, action="services_codesign.process_changed", target=process, changes=changes)
    return process


def _vote_started(process: Process, today: datetime.date) -> bool:
    vote = process.phases.filter(kind=PhaseKind.VOTE).first()
    started = process.status != ProcessStatus.DRAFT and vote is not None and today >= vote.starts_on
    return started or Ballot.objects.filter(process=process).exists()


@transaction.atomic
def process_set_budget(*, actor, process: Process, budget=None, voting_method: str = "",
                       approval_limit=None) -> Process:
    """Give a process a participatory budget, change it, or take it away, until its vote starts."""
    process = locked(process)
    require(actor, "services_codesign.manage_process", process)
    if process.is_closed:
        raise ValidationError(_("This process is closed, so it can no longer change"))
    if _vote_started(process, dates.today()):
        raise ValidationError(_("The vote has started, so the budget and the way of voting can no longer change"))
    errors: dict = {}
    money = _budget(budget=budget, voting_method=voting_method, approval_limit=approval_limit, errors=errors)
    if errors:
        raise ValidationError(errors)
    if money["budget"] is not None:
        proposals = Contribution.objects.filter(process=process, kind=ContributionKind.PROPOSAL,
                                                hidden_at__isnull=True)
        uncosted = proposals.filter(cost__isnull=True).count()
        if uncosted:
            errors["budget"] = _("%(count)s proposals have no cost yet. A budget needs every proposal to have a "
                                 "cost: ask their authors to add one first") % {"count": uncosted}
        dearest = proposals.filter(cost__gt=money["budget"]).order_by("-cost").first()
        if dearest is not None:
            errors["budget"] = _("The budget must be at least £%(cost)s, the cost of the proposal “%(title)s”") % {
                "cost": f"{dearest.cost:,.2f}", "title": dearest.title}
        if errors:
            raise ValidationError(errors)
    changes = _changes(process, money)
    if changes:
        process.save()
        audit_record(actor=actor, action="services_codesign.budget_changed", target=process, changes=changes)
    return process


# Phases ---------------------------------------------------------------------------------------------------------

def _date(value, field: str, name: str, errors: dict) -> datetime.date | None:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
        errors[field] = _("%(name)s must be a real date") % {"name": name}
        return None
    errors[field] = _("Enter %(name)s") % {"name": name[:1].lower() + name[1:]}
    return None


def _check_phase(process: Process, *, kind: str, starts_on, ends_on, phase: Phase | None,
                 errors: dict) -> tuple[datetime.date | None, datetime.date | None]:
    """The dates of a phase being added (`phase` None) or changed, checked against the rules and the other
    phases: no overlaps, and the kinds in their order in time."""
    today = dates.today()
    starts_on = _date(starts_on, "starts_on", _("The first day"), errors)
    ends_on = _date(ends_on, "ends_on", _("The last day"), errors)
    if starts_on is None or ends_on is None:
        return starts_on, ends_on
    if ends_on < starts_on:
        errors["ends_on"] = _("The last day must be the same as or after the first day")
        return starts_on, ends_on
    if phase is not None and dates.phase_state(phase, today) != dates.UPCOMING:
        if starts_on != phase.starts_on:
            errors["starts_on"] = _("The phase has started, so its first day cannot change")
        if ends_on < today:
            errors["ends_on"] = _("The last day must be today or later")
    elif starts_on < today:
        errors["starts_on"] = _("The first day must be today or later")
    if errors:
        return starts_on, ends_on
    others = list(process.phases.exclude(pk=getattr(phase, "pk", None)))
    for other in others:
        if dates.overlaps(starts_on, ends_on, other.starts_on, other.ends_on):
            errors["starts_on"] = _("The dates overlap the %(phase)s phase, from %(start)s to %(end)s") % {
                "phase": other.get_kind_display().lower(), "start": date_format(other.starts_on, "j F Y"),
                "end": date_format(other.ends_on, "j F Y")}
            return starts_on, ends_on
    position = PHASE_ORDER.index(kind)
    for other in others:
        other_position = PHASE_ORDER.index(other.kind)
        if (other_position < position) != (other.starts_on < starts_on):
            before = other_position < position
            errors["starts_on"] = (
                _("The %(phase)s phase must come after the %(other)s phase") if before
                else _("The %(phase)s phase must come before the %(other)s phase")) % {
                "phase": PhaseKind(kind).label.lower(), "other": other.get_kind_display().lower()}
            break
    return starts_on, ends_on


def _phase_record(phase: Phase) -> dict:
    return {"kind": phase.kind, "starts_on": phase.starts_on.isoformat(), "ends_on": phase.ends_on.isoformat()}


@transaction.atomic
def phase_add(*, actor, process: Process, kind: str, starts_on, ends_on, description: str = "") -> Phase:
    process = locked(process)
    require(actor, "services_codesign.manage_process", process)
    if process.is_closed:
        raise ValidationError(_("This process is closed, so it can no longer change"))
    errors: dict = {}
    if kind not in PhaseKind.values:
        raise ValidationError({"kind": _("Choose the kind of phase")})
    if process.phases.filter(kind=kind).exists():
        raise ValidationError({"kind": _("The process already has a %(phase)s phase. Change its dates instead") % {
            "phase": PhaseKind(kind).label.lower()}})
    description = (description or "").strip()
    if len(description) > TEXT_MAX:
        errors["description"] = _("Enter %(max)s characters or fewer") % {"max": f"{TEXT_MAX:,}"}
    starts_on, ends_on = _check_phase(process, kind=kind, starts_on=starts_on, ends_on=ends_on, phase=None,
                                      errors=errors)
    if errors:
        raise ValidationError(errors)
    phase = Phase.objects.create(process=process, kind=kind, starts_on=starts_on, ends_on=ends_on,
                                 description=description)
    audit_record(actor=actor, action="services_codesign.phase_added", target=process, metadata=_phase_record(phase))
    _announce(process, actor=actor)
    return phase


@transaction.atomic
def phase_update(*, actor, phase: Phase, starts_on, ends_on, description: str = "") -> Phase:
    process = locked(phase.process)
    phase = Phase.objects.get(pk=phase.pk)
    require(actor, "services_codesign.manage_process", process)
    if process.is_closed:
        raise ValidationError(_("This process is closed, so it can no longer change"))
    if dates.phase_state(phase, dates.today()) == dates.ENDED:
        raise ValidationError(_("The %(phase)s phase has ended, so its dates can no longer change") % {
            "phase": phase.get_kind_display().lower()})
    errors: dict = {}
    description = (description or "").strip()
    if len(description) > TEXT_MAX:
        errors["description"] = _("Enter %(max)s characters or fewer") % {"max": f"{TEXT_MAX:,}"}
    starts_on, ends_on = _check_phase(process, kind=phase.kind, starts_on=starts_on, ends_on=ends_on, phase=phase,
                                      errors=errors)
    if errors:
        raise ValidationError(errors)
    before = _phase_record(phase)
    phase.starts_on, phase.ends_on, phase.description = starts_on, ends_on, description
    phase.save()
    after = _phase_record(phase)
    if before != after:
        audit_record(actor=actor, action="services_codesign.phase_moved", target=process,
                     changes={key: [before[key], after[key]] for key in after if before[key] != after[key]},
                     metadata={"kind": phase.kind})
    _announce(process, actor=actor)
    return phase


@transaction.atomic
def phase_remove(*, actor, phase: Phase) -> None:
    process = locked(phase.process)
    phase = Phase.objects.get(pk=phase.pk)
    require(actor, "services_codesign.manage_process", process)
    if process.is_closed:
        raise ValidationError(_("This process is closed, so it can no longer change"))
    if dates.phase_state(phase, dates.today()) != dates.UPCOMING:
        raise ValidationError(_("The %(phase)s phase has started, so it cannot be removed. Change its last day "
                                "instead") % {"phase": phase.get_kind_display().lower()})
    if (process.status != ProcessStatus.DRAFT and process.has_budget
            and phase.kind in (PhaseKind.PROPOSALS, PhaseKind.VOTE)):
        raise ValidationError(_("A process with a participatory budget needs its %(phase)s phase") % {
            "phase": phase.get_kind_display().lower()})
    record = _phase_record(phase)
    phase.delete()
    audit_record(actor=actor, action="services_codesign.phase_removed", target=process, metadata=record)


@transaction.atomic
def phase_advance(*, actor, process: Process) -> Phase:
    """Start the next phase today: the open phase (if any) ends yesterday. The dates of both change, in public."""
    process = locked(process)
    require(actor, "services_codesign.manage_process", process)
    if process.status != ProcessStatus.PUBLISHED:
        raise ValidationError(_("Only a published process that is not closed moves to its next phase"))
    today = dates.today()
    phases = list(process.phases.all())
    current, upcoming = dates.current_phase(phases, today), dates.next_phase(phases, today)
    if upcoming is None:
        raise ValidationError(_("There is no phase after this one. Close the process when it is finished"))
    if current is not None:
        if current.starts_on == today:
            raise ValidationError(_("The %(phase)s phase started today, so it cannot end before today. Change the "
                                    "dates of the %(next)s phase instead") % {
                "phase": current.get_kind_display().lower(), "next": upcoming.get_kind_display().lower()})
        before = _phase_record(current)
        current.ends_on = today - datetime.timedelta(days=1)
        current.save(update_fields=["ends_on"])
        audit_record(actor=actor, action="services_codesign.phase_moved", target=process,
                     changes={"ends_on": [before["ends_on"], current.ends_on.isoformat()]},
                     metadata={"kind": current.kind})
    before = _phase_record(upcoming)
    upcoming.starts_on = today
    upcoming.save(update_fields=["starts_on"])
    audit_record(actor=actor, action="services_codesign.phase_moved", target=process,
                 changes={"starts_on": [before["starts_on"], today.isoformat()]}, metadata={"kind": upcoming.kind})
    _announce(process, actor=actor)
    return upcoming


# Publishing and closing ------------------------------------------------------------------------------------------

@transaction.atomic
def process_publish(*, actor, process: Process) -> Process:
    process = locked(process)
    require(actor, "services_codesign.manage_process", process)
    if process.status != ProcessStatus.DRAFT:
        raise ValidationError(_("The process is published already"))
    kinds = set(process.phases.values_list("kind", flat=True))
    problems = []
    if not kinds:
        problems.append(_("Add at least one phase before publishing"))
    if process.has_budget and not {PhaseKind.PROPOSALS, PhaseKind.VOTE} <= kinds:
        problems.append(_("A process with a participatory budget needs a proposals phase and a vote phase"))
    if not process.has_budget and PhaseKind.VOTE in kinds:
        problems.append(_("Residents vote on a participatory budget. Add a budget, or remove the vote phase"))
    if process.phases.filter(ends_on__lt=dates.today()).exists():
        problems.append(_("A phase ends before today. Change its dates before publishing"))
    if problems:
        raise ValidationError(problems)
    process.status = ProcessStatus.PUBLISHED
    process.published_at = timezone.now()
    process.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action="services_codesign.process_published", target=process)
    _announce(process, actor=actor)
    return process


@transaction.atomic
def process_close(*, actor, process: Process, note: str = "") -> Process:
    """Close a published process: it takes no more ideas, proposals, comments, supports or votes. Its pages stay,
    and officers keep following up its results."""
    process = locked(process)
    require(actor, "services_codesign.manage_process", process)
    if process.status != ProcessStatus.PUBLISHED:
        raise ValidationError(_("Only a published process can be closed") if process.is_draft
                              else _("The process is closed already"))
    errors: dict = {}
    note = (note or "").strip()
    if len(note) > REASON_MAX:
        errors["note"] = _("Enter %(max)s characters or fewer") % {"max": f"{REASON_MAX:,}"}
    if errors:
        raise ValidationError(errors)
    process.status = ProcessStatus.CLOSED
    process.closed_at = timezone.now()
    process.closed_by = actor
    process.closing_note = note
    process.save(update_fields=["status", "closed_at", "closed_by", "closing_note", "updated_at"])
    audit_record(actor=actor, action="services_codesign.process_closed", target=process, metadata={"note": note})
    followers_notify(target=process, title=_("%(process)s is closed") % {"process": process.title}, summary=note,
                     key=f"services_codesign:closed:{process.pk}", url=process_url(process), exclude=actor)
    return process


# Telling followers about the phase ------------------------------------------------------------------------------

def _announce(process: Process, *, actor=None, day: datetime.date | None = None) -> bool:
    """Tell followers once when the open phase is a new one (on the process row the caller holds locked)."""
    if process.status != ProcessStatus.PUBLISHED:
        return False
    day = day or dates.today()
    current = dates.current_phase(list(process.phases.all()), day)
    kind = current.kind if current is not None else ""
    if kind == process.announced_phase:
        return False
    process.announced_phase = kind
    process.save(update_fields=["announced_phase"])
    if current is None:
        return False
    title = _("%(process)s: the %(phase)s phase has started") % {
        "process": process.title, "phase": current.get_kind_display().lower()}
    summary = dates.phase_timing(current, day).text
    followers_notify(target=process, title=title, summary=summary, url=process_url(process), exclude=actor,
                     key=f"services_codesign:phase:{current.pk}:{current.starts_on.isoformat()}")
    return True


def phases_announce(*, day: datetime.date | None = None) -> int:
    """Tell the followers of every published process whose dates have brought a new phase (daily, just after
    midnight). Each process is its own transaction; telling twice is prevented by the notification keys."""
    told = 0
    for pk in Process.objects.filter(status=ProcessStatus.PUBLISHED).values_list("pk", flat=True):
        with transaction.atomic():
            process = Process.objects.select_for_update().get(pk=pk)
            told += _announce(process, day=day)
    return told
