"""Writes of the Community Right to Challenge: councils' submission windows, expressions of interest from draft to
submission, modifications agreed with the body, and the council's written decision.

Every write is atomic and audited. A submission the Act does not allow (an ineligible body, outside the council's
windows, a service not open to challenge) is refused with the reason and nothing saved; the refusal itself is
audited after the transaction has been rolled back, so the record of it stays.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import notify
from covenant.organisations.models import Organisation, OrganisationType, Role
from covenant.organisations.selectors import people_with_roles
from services.catalogue.models import Service
from services.following import followers_notify

from . import dates, eligibility, selectors
from .models import (
    BodyKind,
    Challenge,
    ChallengeStatus,
    Modification,
    RejectionGround,
    Window,
)

TEXT_MAX = 10_000
REASON_MAX = 5_000
NAME_MAX = 200
MAX_EMPLOYEES = 50
# The longest period a council may publish before the procurement exercise begins, in months.
MAX_PROCUREMENT_MONTHS = 60


def _require(actor, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _locked(challenge: Challenge) -> Challenge:
    """The expression of interest read again under a row lock, so two people acting at once see each other."""
    return (Challenge.objects.select_for_update(of=("self",))
            .select_related("service", "service__owner", "organisation").get(pk=challenge.pk))


def _refusal_audited(action: str):
    """Run an atomic write; if it refuses, record the refusal once its transaction has rolled back."""

    def decorator(write):
        def wrapped(*, actor, **kwargs):
            try:
                return write(actor=actor, **kwargs)
            except ValidationError as error:
                target = kwargs.get("challenge") or kwargs.get("service")
                audit_record(actor=actor, action=action, target=target,
                             metadata={"reasons": [str(message) for message in error.messages]})
                raise

        wrapped.__doc__ = write.__doc__
        wrapped.__name__ = write.__name__
        return wrapped

    return decorator


def _url(challenge: Challenge) -> str:
    return reverse("services:challenge-detail", kwargs={"pk": challenge.pk})


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _council_people(service: Service):
    """The people who manage the service's council: its officers, or a parish council's administrators."""
    role = Role.ADMIN if service.owner.type == OrganisationType.PARISH_COUNCIL else Role.OFFICER
    return people_with_roles(service.owner, [role])


def _body_people(challenge: Challenge):
    """Who speaks for the body: the person who made the expression of interest and the organisation's admins."""
    from django.contrib.auth import get_user_model

    ids = {challenge.created_by_id} - {None}
    if challenge.organisation_id:
        ids |= set(people_with_roles(challenge.organisation, [Role.ADMIN]).values_list("pk", flat=True))
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk")


def _tell(people, *, event: str, challenge: Challenge, context: dict, key: str, exclude=None) -> None:
    context = {"service": challenge.service.name, "council": challenge.service.owner.name,
               "body": selectors.body_name(challenge), **context}
    for person in people:
        if exclude is not None and person.pk == exclude.pk:
            continue
        notify(event=event, recipient=person, context=context, key=f"{key}:{person.pk}", url=_url(challenge))


# Windows ----------------------------------------------------------------------------------------------------

@transaction.atomic
def window_add(*, actor, service: Service, opens_on: datetime.date | None,
               closes_on: datetime.date | None) -> Window:
    """Set a period in which the council takes expressions of interest in the service."""
    _require(actor, "services_challenge.manage_windows", service)
    Service.objects.select_for_update().get(pk=service.pk)  # two officers adding windows at once queue here
    errors = {}
    if opens_on is None:
        errors["opens_on"] = _("Enter the date the window opens")
    if closes_on is None:
        errors["closes_on"] = _("Enter the date the window closes")
    if not errors:
        if closes_on < opens_on:
            errors["closes_on"] = _("The closing date must be the same as or after the opening date")
        elif closes_on < timezone.localdate():
            errors["closes_on"] = _("The closing date must be today or in the future")
    if not errors:
        clash = selectors.windows_of(service).filter(opens_on__lte=closes_on, closes_on__gte=opens_on).first()
        if clash is not None:
            errors["opens_on"] = _("The window overlaps the one from %(opens)s to %(closes)s. Choose dates outside "
                                   "it") % {"opens": _day(clash.opens_on), "closes": _day(clash.closes_on)}
    if errors:
        raise ValidationError(errors)
    window = Window.objects.create(service=service, opens_on=opens_on, closes_on=closes_on, created_by=actor)
    audit_record(actor=actor, action="services_challenge.window_added", target=service,
                 metadata={"window": window.pk, "opens_on": str(opens_on), "closes_on": str(closes_on)})
    return window


@transaction.atomic
def window_remove(*, actor, window: Window) -> None:
    """Take a window away. Expressions of interest already submitted in it keep its dates for their deadline."""
    _require(actor, "services_challenge.manage_windows", window.service)
    audit_record(actor=actor, action="services_challenge.window_removed", target=window.service,
                 metadata={"opens_on": str(window.opens_on), "closes_on": str(window.closes_on)})
    window.delete()


# Expressions of interest ------------------------------------------------------------------------------------

def _admissibility_errors(service: Service) -> dict:
    problem = selectors.service_problem(service)
    if problem:
        return {"service": problem}
    problem = selectors.window_problem(service)
    return {"window": problem} if problem else {}


@_refusal_audited("services_challenge.start_refused")
@transaction.atomic
def challenge_start(*, actor, service: Service) -> Challenge:
    """Start a draft expression of interest in a service open to challenge, while its council takes them."""
    _require(actor, "services_challenge.add_challenge")
    errors = _admissibility_errors(service)
    if errors:
        raise ValidationError(errors)
    challenge = Challenge.objects.create(service=service, created_by=actor)
    audit_record(actor=actor, action="services_challenge.started", target=challenge,
                 metadata={"service": service.pk})
    return challenge


def _clean_employees(employees) -> tuple[list[dict], str | None]:
    cleaned, seen = [], set()
    for person in employees or []:
        name = " ".join(str(person.get("name") or "").split())
        role = " ".join(str(person.get("role") or "").split())
        if not name:
            return [], _("Enter each employee's full name")
        if len(name) > NAME_MAX or len(role) > NAME_MAX:
            return [], _("Names and job titles must be %(max)s characters or fewer") % {"max": NAME_MAX}
        if name.casefold() in seen:
            return [], _("%(name)s is named twice. Name each employee once") % {"name": name}
        seen.add(name.casefold())
        cleaned.append({"name": name, "role": role})
    if len(cleaned) < eligibility.MIN_EMPLOYEES:
        return [], _("Name at least %(min)s employees of the council. One employee alone is not a relevant body") % {
            "min": eligibility.MIN_EMPLOYEES}
    if len(cleaned) > MAX_EMPLOYEES:
        return [], _("Name %(max)s employees or fewer") % {"max": MAX_EMPLOYEES}
    return cleaned, None


@_refusal_audited("services_challenge.body_refused")
@transaction.atomic
def challenge_set_body(*, actor, challenge: Challenge, body_kind: str, organisation: Organisation | None = None,
                       not_for_profit: bool = False, employees: list[dict] | None = None,
                       employees_declared: bool = False) -> Challenge:
    """Say who expresses the interest: an eligible organisation the person administers, or two or more named
    employees of the council with their declaration. An ineligible body is refused with the reason."""
    challenge = _locked(challenge)
    _require(actor, "services_challenge.change_challenge", challenge)
    council = challenge.service.owner.name
    if body_kind == BodyKind.ORGANISATION:
        if organisation is None:
            raise ValidationError({"organisation": _("Choose the organisation expressing an interest")})
        if not selectors.body_organisations(actor).filter(pk=organisation.pk).exists():
            raise ValidationError({"organisation": _("Choose an organisation you are an administrator of")})
        problem = eligibility.organisation_problem(organisation, not_for_profit=not_for_profit)
        if problem:
            raise ValidationError({"organisation": problem})
        changes = {"body_kind": body_kind, "organisation": organisation,
                   "not_for_profit": bool(not_for_profit and eligibility.needs_not_for_profit_declaration(
                       organisation)), "employees": [], "employees_declared": False}
    elif body_kind == BodyKind.EMPLOYEES:
        cleaned, problem = _clean_employees(employees)
        if problem:
            raise ValidationError({"employees": problem})
        if not employees_declared:
            raise ValidationError({"employees_declared": _(
                "Confirm that everyone named is an employee of %(council)s and agrees to this expression of "
                "interest") % {"council": council}})
        changes = {"body_kind": body_kind, "organisation": None, "not_for_profit": False, "employees": cleaned,
                   "employees_declared": True}
    else:
        raise ValidationError({"body_kind": _("Select who is expressing an interest")})
    for name, value in changes.items():
        setattr(challenge, name, value)
    challenge.save()
    audit_record(actor=actor, action="services_challenge.body_set", target=challenge,
                 metadata={"body_kind": body_kind, "organisation": getattr(organisation, "pk", None),
                           "employees": len(changes["employees"])})
    return challenge


@transaction.atomic
def challenge_update(*, actor, challenge: Challenge, **content) -> Challenge:
    """Change the draft's answers: finances, capability, the three kinds of value and users' needs."""
    challenge = _locked(challenge)
    _require(actor, "services_challenge.change_challenge", challenge)
    unknown = set(content) - set(selectors.CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"challenge_update() got unknown fields: {sorted(unknown)}")
    errors, changed = {}, []
    for name, value in content.items():
        text = (value or "").strip() if isinstance(value, str) or value is None else None
        if text is None:
            errors[name] = _("Enter text")
        elif not text:
            errors[name] = str(selectors.MISSING_MESSAGES[name])
        elif len(text) > TEXT_MAX:
            errors[name] = _("Your answer must be %(max)s characters or fewer") % {"max": f"{TEXT_MAX:,}"}
        elif getattr(challenge, name) != text:
            setattr(challenge, name, text)
            changed.append(name)
    if errors:
        raise ValidationError(errors)
    if changed:
        challenge.save()
        audit_record(actor=actor, action="services_challenge.answers_changed", target=challenge,
                     metadata={"fields": changed})
    return challenge


@_refusal_audited("services_challenge.submission_refused")
@transaction.atomic
def challenge_submit(*, actor, challenge: Challenge) -> Challenge:
    """Send the expression of interest to the council. Everything is checked again here: the service is still
    open to challenge, a window is open if the council set any, the body is still eligible and every answer is
    given. The decision is then due within 30 days of today, or of the window's closing."""
    challenge = _locked(challenge)
    _require(actor, "services_challenge.change_challenge", challenge)
    errors = _admissibility_errors(challenge.service)
    if challenge.body_kind == BodyKind.ORGANISATION and challenge.organisation_id:
        problem = eligibility.organisation_problem(challenge.organisation, not_for_profit=challenge.not_for_profit)
        if problem:
            errors["body"] = problem
    errors.update(selectors.draft_state(challenge).missing)
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    window = selectors.current_window(challenge.service, today=today)
    challenge.status = ChallengeStatus.SUBMITTED
    challenge.submitted_at = timezone.now()
    challenge.received_on = today
    challenge.window_opens_on = window.opens_on if window else None
    challenge.window_closes_on = window.closes_on if window else None
    challenge.decision_due_on = dates.decision_due(received_on=today, window_closes_on=challenge.window_closes_on)
    challenge.save()
    audit_record(actor=actor, action="services_challenge.submitted", target=challenge,
                 metadata={"service": challenge.service_id, "received_on": str(today),
                           "decision_due_on": str(challenge.decision_due_on)})
    due = _day(challenge.decision_due_on)
    _tell(_body_people(challenge), event="services_challenge.received", challenge=challenge,
          context={"due": due}, key=f"challenge-received:{challenge.pk}")
    _tell(_council_people(challenge.service), event="services_challenge.to_decide", challenge=challenge,
          context={"due": due}, key=f"challenge-to-decide:{challenge.pk}")
    return challenge


# The council's part -----------------------------------------------------------------------------------------

def _clean_text(value, *, required: str, maximum: int = REASON_MAX) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else ""
    if not text:
        raise ValidationError(required)
    if len(text) > maximum:
        raise ValidationError(_("Enter %(max)s characters or fewer") % {"max": f"{maximum:,}"})
    return text


def _moved(challenge: Challenge, *, actor, title: str, summary: str, key: str) -> None:
    followers_notify(target=challenge, title=title, summary=summary, key=key, url=_url(challenge), exclude=actor)


@transaction.atomic
def modification_request(*, actor, challenge: Challenge, request: str) -> Modification:
    """Propose a modification of the expression of interest; it applies only if the body agrees (s.84)."""
    challenge = _locked(challenge)
    _require(actor, "services_challenge.request_modification", challenge)
    try:
        text = _clean_text(request, required=_("Say what you propose to modify and why"))
    except ValidationError as error:
        raise ValidationError({"request": error.messages}) from None
    modification = Modification.objects.create(challenge=challenge, request=text, requested_by=actor)
    challenge.status = ChallengeStatus.MODIFICATION_PROPOSED
    challenge.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="services_challenge.modification_requested", target=challenge,
                 metadata={"modification": modification.pk})
    _tell(_body_people(challenge), event="services_challenge.modification_requested", challenge=challenge,
          context={"request": text}, key=f"challenge-modification:{modification.pk}", exclude=actor)
    _moved(challenge, actor=actor, title=_("%(council)s proposed a modification of an expression of interest in "
                                           "%(service)s") % {"council": challenge.service.owner.name,
                                                             "service": challenge.service.name},
           summary="", key=f"challenge-modification:{modification.pk}")
    return modification


@transaction.atomic
def modification_answer(*, actor, challenge: Challenge, agreed: bool | None, answer: str = "") -> Modification:
    """The body agrees to the council's proposed modification, or does not; either way the council then
    decides on the expression of interest (as modified, when agreed)."""
    challenge = _locked(challenge)
    _require(actor, "services_challenge.answer_modification", challenge)
    if agreed is None:
        raise ValidationError({"agreed": _("Select whether you agree to the modification")})
    answer = (answer or "").strip()
    if len(answer) > REASON_MAX:
        raise ValidationError({"answer": _("Enter %(max)s characters or fewer") % {"max": f"{REASON_MAX:,}"}})
    modification = challenge.modifications.select_for_update().get(answered_at__isnull=True)
    modification.agreed = bool(agreed)
    modification.answer = answer
    modification.answered_by = actor
    modification.answered_at = timezone.now()
    modification.save()
    challenge.status = ChallengeStatus.SUBMITTED
    challenge.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="services_challenge.modification_answered", target=challenge,
                 metadata={"modification": modification.pk, "agreed": modification.agreed})
    _tell(_council_people(challenge.service), event="services_challenge.modification_answered",
          challenge=challenge, context={"agreed": modification.agreed, "answer": answer},
          key=f"challenge-modification-answered:{modification.pk}", exclude=actor)
    title = (_("%(body)s agreed to the modification") if modification.agreed
             else _("%(body)s did not agree to the modification")) % {"body": selectors.body_name(challenge)}
    _moved(challenge, actor=actor, title=title, summary="", key=f"challenge-modification-answered:{modification.pk}")
    return modification


def _decision_checks(actor, challenge: Challenge, lateness_reason: str) -> tuple[dict, str, datetime.date]:
    """Errors common to both decisions, the lateness reason (kept only when late), and the decision's day."""
    _require(actor, "services_challenge.review_challenge", challenge)
    if challenge.status == ChallengeStatus.MODIFICATION_PROPOSED:
        raise ValidationError(_("Wait for %(body)s to answer the modification you proposed before you decide") % {
            "body": selectors.body_name(challenge)})
    if challenge.status != ChallengeStatus.SUBMITTED:
        raise ValidationError(_("The council has already decided on this expression of interest"))
    today = timezone.localdate()
    errors: dict = {}
    lateness = (lateness_reason or "").strip() if isinstance(lateness_reason, str) else ""
    if today > challenge.decision_due_on:
        if not lateness:
            errors["lateness_reason"] = _("The decision was due by %(due)s. Enter why it is late") % {
                "due": _day(challenge.decision_due_on)}
        elif len(lateness) > REASON_MAX:
            errors["lateness_reason"] = _("Enter %(max)s characters or fewer") % {"max": f"{REASON_MAX:,}"}
    else:
        lateness = ""
    return errors, lateness, today


def _decided(challenge: Challenge, *, actor, action: str, today: datetime.date, metadata: dict) -> Challenge:
    challenge.decided_at = timezone.now()
    challenge.decided_on = today
    challenge.decided_by = actor
    challenge.save()
    audit_record(actor=actor, action=action, target=challenge,
                 metadata={"decision_due_on": str(challenge.decision_due_on), "decided_on": str(today),
                           "late": bool(challenge.lateness_reason), **metadata})
    outcome = challenge.get_status_display()
    context = {"outcome": outcome, "reasons": challenge.reasons, "grounds": challenge.ground_labels(),
               "earliest": _day(challenge.procurement_earliest_on) if challenge.procurement_earliest_on else "",
               "latest": _day(challenge.procurement_latest_on) if challenge.procurement_latest_on else "",
               "lateness_reason": challenge.lateness_reason}
    _tell(_body_people(challenge), event="services_challenge.decided", challenge=challenge, context=context,
          key=f"challenge-decided:{challenge.pk}")
    _moved(challenge, actor=actor,
           title=_("%(council)s has decided on the expression of interest in %(service)s: %(outcome)s") % {
               "council": challenge.service.owner.name, "service": challenge.service.name, "outcome": outcome},
           summary=challenge.reasons, key=f"challenge-decided:{challenge.pk}")
    return challenge


@transaction.atomic
def challenge_accept(*, actor, challenge: Challenge, minimum_months, maximum_months, reasons: str = "",
                     lateness_reason: str = "") -> Challenge:
    """Accept the expression of interest: a procurement exercise for the service follows, beginning within the
    minimum and maximum periods the council publishes now (s.83)."""
    challenge = _locked(challenge)
    errors, lateness, today = _decision_checks(actor, challenge, lateness_reason)
    periods = {}
    for name, value in (("minimum_months", minimum_months), ("maximum_months", maximum_months)):
        if value in (None, ""):
            errors[name] = (_("Enter the minimum period before the procurement exercise begins, in months")
                            if name == "minimum_months" else
                            _("Enter the maximum period before the procurement exercise begins, in months"))
            continue
        try:
            months = int(value)
        except (TypeError, ValueError):
            errors[name] = _("Enter the period as a whole number of months, like 6")
            continue
        if not 0 <= months <= MAX_PROCUREMENT_MONTHS:
            errors[name] = _("Enter a period from 0 to %(max)s months") % {"max": MAX_PROCUREMENT_MONTHS}
            continue
        periods[name] = months
    if len(periods) == 2 and periods["maximum_months"] < periods["minimum_months"]:
        errors["maximum_months"] = _("The maximum period must be the same as or longer than the minimum period")
    notes = (reasons or "").strip() if isinstance(reasons, str) else ""
    if len(notes) > REASON_MAX:
        errors["reasons"] = _("Enter %(max)s characters or fewer") % {"max": f"{REASON_MAX:,}"}
    if errors:
        raise ValidationError(errors)
    earliest, latest = dates.procurement_dates(decided_on=today, minimum_months=periods["minimum_months"],
                                               maximum_months=periods["maximum_months"])
    challenge.status = ChallengeStatus.ACCEPTED
    challenge.reasons = notes
    challenge.grounds = []
    challenge.lateness_reason = lateness
    challenge.procurement_minimum_months = periods["minimum_months"]
    challenge.procurement_maximum_months = periods["maximum_months"]
    challenge.procurement_earliest_on, challenge.procurement_latest_on = earliest, latest
    return _decided(challenge, actor=actor, action="services_challenge.accepted", today=today,
                    metadata={"procurement_earliest_on": str(earliest), "procurement_latest_on": str(latest)})


@transaction.atomic
def challenge_reject(*, actor, challenge: Challenge, grounds, reasons: str, lateness_reason: str = "") -> Challenge:
    """Reject the expression of interest on one or more of the statutory grounds, with the council's reasons."""
    challenge = _locked(challenge)
    errors, lateness, today = _decision_checks(actor, challenge, lateness_reason)
    chosen = list(dict.fromkeys(grounds or []))
    if not chosen:
        errors["grounds"] = _("Select at least one ground for rejecting the expression of interest")
    elif any(ground not in RejectionGround.values for ground in chosen):
        errors["grounds"] = _("Select grounds from the list: the council may reject only on those")
    try:
        text = _clean_text(reasons, required=_("Enter the council's reasons for rejecting it"))
    except ValidationError as error:
        errors["reasons"] = error.messages
    if errors:
        raise ValidationError(errors)
    challenge.status = ChallengeStatus.REJECTED
    challenge.grounds = [ground for ground in RejectionGround.values if ground in chosen]
    challenge.reasons = text
    challenge.lateness_reason = lateness
    return _decided(challenge, actor=actor, action="services_challenge.rejected", today=today,
                    metadata={"grounds": challenge.grounds})
