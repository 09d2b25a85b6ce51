"""Writes of public value commissioning: setting an exercise up (criteria with social value at 10% or more, lots),
publishing it, bids, conflict declarations, scores, awards to the most advantageous tender, and spend targets;
cancelling an exercise before its award, and removing an evaluator.

Every write checks its permission, saves nothing on a ValidationError that names each field in GOV.UK words, and
is audited. Followers are told when bids open and close (`exercises_announce`, run by a periodic task) and when a
lot is awarded.
"""

from __future__ import annotations

import datetime
import decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import notify
from covenant.organisations.models import Organisation
from services.catalogue.models import Service
from services.following import FOLLOWED_MOVED, follow_add, followers_notify, followers_of

from . import dates, selectors
from .models import (
    SCALES,
    Answer,
    Award,
    Bid,
    BidStatus,
    Criterion,
    CriterionKind,
    Evaluator,
    Exercise,
    ExerciseStatus,
    Lot,
    Reservation,
    Score,
    SpendTarget,
    Supplier,
    SupplierKind,
)

SOCIAL_VALUE_MINIMUM = 10
MAX_CRITERIA = 10
MAX_LOTS = 10
MAX_BONUS = 10
TEXT_LIMITS = {"title": 200, "description": 10000, "method": 10000}
ANSWER_MAX = 10000
COMMENT_MAX = 5000
# Addresses under /services/commissioning/ that an exercise's reference must not take.
RESERVED_REFERENCES = frozenset({"manage", "evaluate", "bids", "spend", "new"})
EXERCISE_FIELDS = ("title", "description", "value", "bids_open_on", "bids_close_on", "scale_max", "method")


def _require(actor, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _money(value, *, field: str, message: str, errors: dict, positive: bool = False) -> decimal.Decimal | None:
    """Pounds and pence from what was typed ("250,000", "£1,500.50"), or an error for the field."""
    if value in (None, ""):
        errors[field] = message
        return None
    try:
        amount = decimal.Decimal(str(value).replace(",", "").replace("£", "").strip())
    except decimal.InvalidOperation:
        errors[field] = message
        return None
    if (not amount.is_finite() or amount < 0 or (positive and amount == 0) or amount >= 10 ** 12
            or amount.as_tuple().exponent < -2):
        errors[field] = message
        return None
    return amount


def _whole(value, *, low: int, high: int) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _text(data: dict, errors: dict, field: str, *, required: str, limit: int) -> str:
    value = data.get(field)
    value = value.strip() if isinstance(value, str) else ""
    if not value:
        errors[field] = required
    elif len(value) > limit:
        errors[field] = _("Enter %(max)s characters or fewer") % {"max": f"{limit:,}"}
    return value


# Setting an exercise up -------------------------------------------------------------------------------------------

def _clean_exercise(data: dict, *, today: datetime.date) -> dict:
    errors: dict[str, str] = {}
    cleaned = {
        "title": _text(data, errors, "title", required=_("Enter the title of the exercise"),
                       limit=TEXT_LIMITS["title"]),
        "description": _text(data, errors, "description", required=_("Describe what is being commissioned"),
                             limit=TEXT_LIMITS["description"]),
        "method": _text(data, errors, "method", required=_("Say how bids will be evaluated"),
                        limit=TEXT_LIMITS["method"]),
        "value": _money(data.get("value"), field="value", errors=errors,
                        message=_("Enter the estimated value in pounds, like 250000")),
    }
    scale = _whole(data.get("scale_max"), low=0, high=100)
    if scale not in SCALES:
        errors["scale_max"] = _("Choose a scoring scale of 0 to 5 or 0 to 10")
    cleaned["scale_max"] = scale
    for field, message in (("bids_open_on", _("Enter the date bids open")),
                           ("bids_close_on", _("Enter the date bids close"))):
        day = data.get(field)
        if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
            errors[field] = message
        cleaned[field] = day
    opens, closes = cleaned["bids_open_on"], cleaned["bids_close_on"]
    if "bids_open_on" not in errors and opens < today:
        errors["bids_open_on"] = _("The date bids open must be today or in the future")
    if "bids_open_on" not in errors and "bids_close_on" not in errors and closes <= opens:
        errors["bids_close_on"] = _("The date bids close must be after the date they open")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_criteria(rows: list[dict]) -> list[dict]:
    """Criteria whose weights are whole percentages adding up to exactly 100, with at least one social value
    criterion and social value weighing 10% or more altogether (Social Value Act 2012 and the government's minimum
    weighting), and at most one price criterion. Errors name the row: criteria-<n>-<field>."""
    errors: dict[str, str] = {}
    cleaned = []
    if not rows:
        raise ValidationError({"criteria": _("Add at least one evaluation criterion")})
    if len(rows) > MAX_CRITERIA:
        raise ValidationError({"criteria": _("Use %(max)s criteria or fewer") % {"max": MAX_CRITERIA}})
    names = set()
    for index, row in enumerate(rows):
        n = index + 1
        name = (row.get("name") or "").strip() if isinstance(row.get("name"), str) else ""
        if not name:
            errors[f"criteria-{index}-name"] = _("Enter the name of criterion %(n)s") % {"n": n}
        elif len(name) > 200:
            errors[f"criteria-{index}-name"] = _("The name of criterion %(n)s must be 200 characters or fewer") % {
                "n": n}
        elif name.lower() in names:
            errors[f"criteria-{index}-name"] = _("Criterion %(n)s has the same name as another. Give each criterion "
                                                 "its own name") % {"n": n}
        names.add(name.lower())
        kind = row.get("kind")
        if kind not in CriterionKind.values:
            errors[f"criteria-{index}-kind"] = _("Choose whether criterion %(n)s is quality, social value or "
                                                 "price") % {"n": n}
        weight = _whole(row.get("weight"), low=1, high=100)
        if weight is None:
            errors[f"criteria-{index}-weight"] = _("Enter the weight of criterion %(n)s as a whole number from 1 to "
                                                   "100") % {"n": n}
        guidance = (row.get("guidance") or "").strip() if isinstance(row.get("guidance"), str) else ""
        if len(guidance) > 5000:
            errors[f"criteria-{index}-guidance"] = _("What bidders should say for criterion %(n)s must be 5,000 "
                                                     "characters or fewer") % {"n": n}
        cleaned.append({"name": name, "kind": kind, "weight": weight, "guidance": guidance})
    if errors:
        raise ValidationError(errors)
    total = sum(row["weight"] for row in cleaned)
    social_value = sum(row["weight"] for row in cleaned if row["kind"] == CriterionKind.SOCIAL_VALUE)
    if sum(1 for row in cleaned if row["kind"] == CriterionKind.PRICE) > 1:
        errors["criteria"] = _("Only one criterion can be price")
    if total != 100:
        errors["weights"] = _("The weights add up to %(total)s%%. They must add up to exactly 100%%") % {
            "total": total}
    if not social_value:
        errors["social_value"] = _("Add a social value criterion. Social value must carry at least %(min)s%% of the "
                                   "weighting") % {"min": SOCIAL_VALUE_MINIMUM}
    elif social_value < SOCIAL_VALUE_MINIMUM:
        errors["social_value"] = _("Social value carries %(weight)s%% of the weighting. Give it at least "
                                   "%(min)s%%") % {"weight": social_value, "min": SOCIAL_VALUE_MINIMUM}
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_lots(rows: list[dict]) -> list[dict]:
    errors: dict[str, str] = {}
    if not rows:
        raise ValidationError({"lots": _("Add at least one lot. A contract let whole is one lot")})
    if len(rows) > MAX_LOTS:
        raise ValidationError({"lots": _("Use %(max)s lots or fewer") % {"max": MAX_LOTS}})
    cleaned = []
    for index, row in enumerate(rows):
        n = index + 1
        title = (row.get("title") or "").strip() if isinstance(row.get("title"), str) else ""
        if not title:
            errors[f"lots-{index}-title"] = _("Enter the title of lot %(n)s") % {"n": n}
        elif len(title) > 200:
            errors[f"lots-{index}-title"] = _("The title of lot %(n)s must be 200 characters or fewer") % {"n": n}
        description = (row.get("description") or "").strip() if isinstance(row.get("description"), str) else ""
        if len(description) > 5000:
            errors[f"lots-{index}-description"] = _("The description of lot %(n)s must be 5,000 characters or "
                                                    "fewer") % {"n": n}
        value = None
        if row.get("value") not in (None, ""):
            value = _money(row.get("value"), field=f"lots-{index}-value", errors=errors,
                           message=_("Enter the estimated value of lot %(n)s in pounds, like 50000") % {"n": n})
        reservation = row.get("reservation") or Reservation.OPEN
        if reservation not in Reservation.values:
            errors[f"lots-{index}-reservation"] = _("Choose who may bid for lot %(n)s") % {"n": n}
        bonus = _whole(row.get("sme_vcse_bonus") or 0, low=0, high=MAX_BONUS)
        if bonus is None:
            errors[f"lots-{index}-sme_vcse_bonus"] = _("Enter the extra points for SMEs and VCSEs in lot %(n)s as a "
                                                       "whole number from 0 to %(max)s") % {"n": n, "max": MAX_BONUS}
        elif bonus and reservation != Reservation.OPEN:
            errors[f"lots-{index}-sme_vcse_bonus"] = _("Lot %(n)s is reserved, so only SMEs or VCSEs bid for it. Give "
                                                       "extra points only in a lot open to every provider") % {"n": n}
        cleaned.append({"number": n, "title": title, "description": description, "value": value,
                        "reservation": reservation, "sme_vcse_bonus": bonus or 0})
    if errors:
        raise ValidationError(errors)
    return cleaned


def _reference_for(title: str) -> str:
    base = slugify(title)[:70].strip("-") or "exercise"
    reference, n = base, 1
    while reference in RESERVED_REFERENCES or Exercise.objects.filter(reference=reference).exists():
        n += 1
        reference = f"{base}-{n}"
    return reference


def _locked(exercise: Exercise) -> Exercise:
    return Exercise.objects.select_for_update().select_related("service__owner").get(pk=exercise.pk)


def _write_criteria(exercise: Exercise, rows: list[dict]) -> None:
    exercise.criteria.all().delete()
    Criterion.objects.bulk_create([Criterion(exercise=exercise, position=n, **row) for n, row in enumerate(rows, 1)])


def _write_lots(exercise: Exercise, rows: list[dict]) -> None:
    exercise.lots.all().delete()
    Lot.objects.bulk_create([Lot(exercise=exercise, **row) for row in rows])


@transaction.atomic
def exercise_create(*, actor, service: Service, criteria: list[dict] | None = None, lots: list[dict] | None = None,
                    **data) -> Exercise:
    """Set up a commissioning exercise for a catalogue service, as a draft. Criteria and lots may come now or
    later (criteria_set, lots_set); either way they are checked before it is published."""
    _require(actor, "services_commissioning.add_exercise", service)
    unknown = set(data) - set(EXERCISE_FIELDS)
    if unknown:
        raise TypeError(f"exercise_create() got unknown fields: {sorted(unknown)}")
    errors = {}
    try:
        cleaned = _clean_exercise(data, today=timezone.localdate())
    except ValidationError as error:
        errors.update(error.message_dict)
    for rows, clean in ((criteria, _clean_criteria), (lots, _clean_lots)):
        if rows is not None:
            try:
                clean(rows)
            except ValidationError as error:
                errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    exercise = Exercise.objects.create(service=service, reference=_reference_for(cleaned["title"]),
                                       created_by=actor, **cleaned)
    if criteria is not None:
        _write_criteria(exercise, _clean_criteria(criteria))
    if lots is not None:
        _write_lots(exercise, _clean_lots(lots))
    audit_record(actor=actor, action="services.exercise_created", target=exercise,
                 metadata={"service": service.pk, "reference": exercise.reference})
    return exercise


@transaction.atomic
def exercise_update(*, actor, exercise: Exercise, **data) -> Exercise:
    """Change a draft exercise's details; the audit entry records each change."""
    exercise = _locked(exercise)
    _require(actor, "services_commissioning.change_exercise", exercise)
    unknown = set(data) - set(EXERCISE_FIELDS)
    if unknown:
        raise TypeError(f"exercise_update() got unknown fields: {sorted(unknown)}")
    merged = {field: getattr(exercise, field) for field in EXERCISE_FIELDS} | data
    cleaned = _clean_exercise(merged, today=timezone.localdate())
    changes = {}
    for field, value in cleaned.items():
        if getattr(exercise, field) != value:
            changes[field] = [str(getattr(exercise, field)), str(value)]
            setattr(exercise, field, value)
    exercise.save()
    if changes:
        audit_record(actor=actor, action="services.exercise_changed", target=exercise, changes=changes)
    return exercise


@transaction.atomic
def criteria_set(*, actor, exercise: Exercise, criteria: list[dict]) -> list[Criterion]:
    """Replace a draft exercise's evaluation criteria (name, kind, weight, guidance) with a complete, valid set."""
    exercise = _locked(exercise)
    _require(actor, "services_commissioning.change_exercise", exercise)
    rows = _clean_criteria(criteria)
    before = [f"{c.name} ({c.get_kind_display()}) {c.weight}%" for c in exercise.criteria.all()]
    _write_criteria(exercise, rows)
    after = [f"{c.name} ({c.get_kind_display()}) {c.weight}%" for c in exercise.criteria.all()]
    if before != after:
        audit_record(actor=actor, action="services.exercise_criteria_set", target=exercise,
                     changes={"criteria": [before, after]})
    return list(exercise.criteria.all())


@transaction.atomic
def lots_set(*, actor, exercise: Exercise, lots: list[dict]) -> list[Lot]:
    """Replace a draft exercise's lots (title, description, value, reservation, extra points for SMEs and VCSEs)."""
    exercise = _locked(exercise)
    _require(actor, "services_commissioning.change_exercise", exercise)
    rows = _clean_lots(lots)
    before = [f"{lot.number}. {lot.title} ({lot.reservation}, +{lot.sme_vcse_bonus})" for lot in exercise.lots.all()]
    _write_lots(exercise, rows)
    after = [f"{lot.number}. {lot.title} ({lot.reservation}, +{lot.sme_vcse_bonus})" for lot in exercise.lots.all()]
    if before != after:
        audit_record(actor=actor, action="services.exercise_lots_set", target=exercise, changes={"lots": [before, after]})
    return list(exercise.lots.all())


def publishing_problems(exercise: Exercise, *, today: datetime.date | None = None) -> dict[str, list[str]]:
    """What still stops a draft exercise being published, by the page where it is fixed (details, criteria,
    lots). Empty when it is ready."""
    today = today or timezone.localdate()
    problems: dict[str, list[str]] = {}
    try:
        _clean_exercise({field: getattr(exercise, field) for field in EXERCISE_FIELDS}, today=today)
    except ValidationError as error:
        problems["details"] = [m for messages in error.message_dict.values() for m in messages]
    criteria = [{"name": c.name, "kind": c.kind, "weight": c.weight, "guidance": c.guidance}
                for c in exercise.criteria.all()]
    try:
        _clean_criteria(criteria)
    except ValidationError as error:
        problems["criteria"] = [m for messages in error.message_dict.values() for m in messages]
    if not exercise.lots.exists():
        problems["lots"] = [_("Add at least one lot. A contract let whole is one lot")]
    return problems


@transaction.atomic
def exercise_publish(*, actor, exercise: Exercise) -> Exercise:
    """Publish a draft exercise with its criteria, weights, lots and evaluation method, before bids open."""
    exercise = _locked(exercise)
    _require(actor, "services_commissioning.change_exercise", exercise)
    problems = publishing_problems(exercise)
    if problems:
        raise ValidationError(problems)
    exercise.status = ExerciseStatus.PUBLISHED
    exercise.published_at = timezone.now()
    exercise.published_by = actor
    exercise.save(update_fields=["status", "published_at", "published_by"])
    audit_record(actor=actor, action="services.exercise_published", target=exercise,
                 metadata={"bids_open_on": exercise.bids_open_on.isoformat(),
                           "bids_close_on": exercise.bids_close_on.isoformat()})
    return exercise


@transaction.atomic
def evaluator_assign(*, actor, exercise: Exercise, user) -> Evaluator:
    """Ask an officer of the exercise's council to evaluate its bids, before the award."""
    exercise = _locked(exercise)
    _require(actor, "services_commissioning.manage_exercise", exercise)
    if exercise.status == ExerciseStatus.AWARDED:
        raise ValidationError({"user": _("The contract has been awarded, so no more evaluators can be added")})
    _require_not_cancelled(exercise, "user", _("No more evaluators can be added"))
    if user is None or not selectors.possible_evaluators(exercise).filter(pk=user.pk).exists():
        existing = Evaluator.objects.filter(exercise=exercise, user=user).first() if user is not None else None
        if existing is not None and existing.has_conflict:
            raise ValidationError({"user": _("%(name)s declared a conflict of interest in this exercise and cannot "
                                             "evaluate it") % {"name": user.display_name}})
        if existing is not None and existing.removed_at is not None:
            raise ValidationError({"user": _("%(name)s was removed from evaluating this exercise on %(date)s and "
                                             "cannot be added again") % {
                "name": user.display_name, "date": _day(timezone.localdate(existing.removed_at))}})
        if existing is not None:
            raise ValidationError({"user": _("%(name)s is already an evaluator") % {"name": user.display_name}})
        raise ValidationError({"user": _("Choose an officer of %(council)s") % {"council": exercise.service.owner}})
    evaluator = Evaluator.objects.create(exercise=exercise, user=user, assigned_by=actor)
    audit_record(actor=actor, action="services.evaluator_assigned", target=exercise,
                 metadata={"evaluator": user.pk})
    return evaluator


@transaction.atomic
def evaluator_remove(*, actor, evaluator: Evaluator, reason: str = "") -> Evaluator:
    """Remove an evaluator before the award. One who has not scored goes (a reason is kept if given); one who has
    scored goes only with a reason, and their scores no longer count in any ranking not yet awarded. The row and
    the scores stay as the record; the evaluator is told."""
    exercise = _locked(evaluator.exercise)
    evaluator = Evaluator.objects.select_for_update().select_related("user").get(pk=evaluator.pk)
    _require(actor, "services_commissioning.manage_exercise", exercise)
    name = evaluator.user.display_name
    if exercise.status == ExerciseStatus.AWARDED:
        raise ValidationError({"reason": _("The contract has been awarded, so its evaluators cannot change")})
    _require_not_cancelled(exercise, "reason", _("Its evaluators cannot change"))
    if evaluator.removed_at is not None:
        raise ValidationError({"reason": _("%(name)s is no longer an evaluator of this exercise") % {"name": name}})
    scored = evaluator.scores.count()
    awarded = Award.objects.filter(lot__bids__scores__evaluator=evaluator).exists()
    if awarded:
        raise ValidationError({"reason": _("%(name)s scored bids in a lot that has been awarded, so they cannot be "
                                           "removed") % {"name": name}})
    reason = reason.strip() if isinstance(reason, str) else ""
    if scored and not reason:
        raise ValidationError({"reason": _("Enter why you are removing %(name)s. They have scored bids, and their "
                                           "scores will no longer count") % {"name": name}})
    if len(reason) > COMMENT_MAX:
        raise ValidationError({"reason": _("The reason must be %(max)s characters or fewer") % {
            "max": f"{COMMENT_MAX:,}"}})
    evaluator.removed_at, evaluator.removed_by, evaluator.removal_reason = timezone.now(), actor, reason
    evaluator.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    audit_record(actor=actor, action="services.evaluator_removed", target=exercise,
                 metadata={"evaluator": evaluator.pk, "user": evaluator.user_id, "scores_excluded": scored,
                           "reason": reason})
    if evaluator.user_id != actor.pk:
        notify(event="services_commissioning.evaluator_removed", recipient=evaluator.user,
               key=f"services_commissioning:evaluator_removed:{evaluator.pk}", url=selectors.exercise_url(exercise),
               context={"title": exercise.title, "reason": reason, "scores_excluded": scored})
    return evaluator


def _bidders(exercise: Exercise) -> list:
    """The administrators of every organisation with a bid, draft or submitted, in the exercise."""
    from covenant.organisations.selectors import admins_of

    people: dict[int, object] = {}
    organisations = Organisation.objects.filter(
        pk__in=Bid.objects.filter(lot__exercise=exercise).values("organisation_id")).order_by("pk")
    for organisation in organisations:
        for person in admins_of(organisation).order_by("pk"):
            people.setdefault(person.pk, person)
    return list(people.values())


@transaction.atomic
def exercise_cancel(*, actor, exercise: Exercise, reason: str) -> Exercise:
    """Cancel a published exercise before any lot is awarded, with the reason shown on its public page. Bids can
    no longer be made, submitted or scored; the bidders' administrators and the followers are told."""
    exercise = _locked(exercise)
    _require(actor, "services_commissioning.manage_exercise", exercise)
    _require_not_cancelled(exercise, "reason", _("It cannot be cancelled again"))
    if exercise.status == ExerciseStatus.DRAFT:
        raise ValidationError({"reason": _("Only a published exercise can be cancelled. A draft is seen by nobody "
                                           "outside the council's officers")})
    awarded = Award.objects.filter(lot__exercise=exercise).select_related("lot").order_by("lot__number").first()
    if exercise.status == ExerciseStatus.AWARDED or awarded is not None:
        raise ValidationError({"reason": _("Lot %(n)s has been awarded, so the exercise can no longer be cancelled")
                               % {"n": awarded.lot.number if awarded else 1}})
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise ValidationError({"reason": _("Enter why the exercise is cancelled. Bidders and the public read it")})
    if len(reason) > COMMENT_MAX:
        raise ValidationError({"reason": _("The reason must be %(max)s characters or fewer") % {
            "max": f"{COMMENT_MAX:,}"}})
    before = exercise.status
    exercise.status, exercise.cancelled_at = ExerciseStatus.CANCELLED, timezone.now()
    exercise.cancelled_by, exercise.cancelled_reason = actor, reason
    exercise.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancelled_reason"])
    bids = Bid.objects.filter(lot__exercise=exercise)
    audit_record(actor=actor, action="services.exercise_cancelled", target=exercise,
                 changes={"status": [before, ExerciseStatus.CANCELLED]},
                 metadata={"reason": reason, "bids_submitted": bids.filter(status=BidStatus.SUBMITTED).count(),
                           "bids_started": bids.filter(status=BidStatus.DRAFT).count()})
    url = selectors.exercise_url(exercise)
    bidders = _bidders(exercise)
    for person in bidders:
        if person.pk != actor.pk:
            notify(event="services_commissioning.exercise_cancelled", recipient=person, url=url,
                   key=f"services_commissioning:cancelled:{exercise.pk}:{person.pk}",
                   context={"title": exercise.title, "council": exercise.service.owner.name, "reason": reason})
    told = {person.pk for person in bidders} | {actor.pk}
    title = _("%(title)s is cancelled") % {"title": exercise.title}
    for person in followers_of(exercise):
        if person.pk not in told:
            notify(event=FOLLOWED_MOVED, recipient=person, url=url,
                   key=f"commissioning:cancelled:{exercise.pk}:{person.pk}",
                   context={"title": title, "summary": reason})
    return exercise


# Bids -------------------------------------------------------------------------------------------------------------

@transaction.atomic
def supplier_record(*, actor, organisation: Organisation, kind: str) -> Supplier:
    """Record what an organisation is as a provider: small, medium, VCSE or large. Bids submitted before keep the
    kind they were submitted with."""
    _require(actor, "services_commissioning.bid_for", organisation)
    if kind not in SupplierKind.values:
        raise ValidationError({"kind": _("Choose what size or kind of organisation %(name)s is")
                               % {"name": organisation.name}})
    supplier = Supplier.objects.select_for_update().filter(organisation=organisation).first()
    if supplier is None:
        supplier = Supplier.objects.create(organisation=organisation, kind=kind, recorded_by=actor)
        audit_record(actor=actor, action="services.supplier_recorded", target=organisation, metadata={"kind": kind})
    elif supplier.kind != kind:
        audit_record(actor=actor, action="services.supplier_recorded", target=organisation,
                     changes={"kind": [supplier.kind, kind]})
        supplier.kind, supplier.recorded_by, supplier.recorded_at = kind, actor, timezone.now()
        supplier.save()
    return supplier


def _cancelled(exercise: Exercise) -> str:
    return _("%(title)s was cancelled on %(date)s") % {
        "title": exercise.title, "date": _day(timezone.localdate(exercise.cancelled_at))}


def _require_not_cancelled(exercise: Exercise, field: str, then: str) -> None:
    if exercise.status == ExerciseStatus.CANCELLED:
        raise ValidationError({field: f"{_cancelled(exercise)}. {then}"})


def _require_open(exercise: Exercise, *, field: str = "lot") -> None:
    _require_not_cancelled(exercise, field, _("You can no longer bid"))
    phase = dates.bids_phase(exercise, timezone.localdate())
    if phase == dates.Phase.CLOSED:
        raise ValidationError({field: _("Bids for %(title)s closed on %(date)s. You can no longer bid") % {
            "title": exercise.title, "date": _day(exercise.bids_close_on)}})
    if phase != dates.Phase.OPEN:
        raise ValidationError({field: _("Bids for %(title)s open on %(date)s") % {
            "title": exercise.title, "date": _day(exercise.bids_open_on)}})


def _require_eligible(organisation: Organisation, lot: Lot, kind: str, *, field: str) -> None:
    if kind and not selectors.eligible(kind, lot.reservation):
        reserved_for = (_("VCSEs") if lot.reservation == Reservation.VCSE
                        else _("small and medium-sized businesses and VCSEs"))
        raise ValidationError({field: _("Lot %(n)s is reserved for %(reserved_for)s. %(name)s is recorded as: "
                                        "%(kind)s") % {"n": lot.number, "reserved_for": reserved_for,
                                                        "name": organisation.name,
                                                        "kind": SupplierKind(kind).label}})


@transaction.atomic
def bid_start(*, actor, lot: Lot, organisation: Organisation) -> Bid:
    """Start (or go back to) an organisation's bid for a lot while bids are open. One bid per organisation per lot."""
    lot = Lot.objects.select_for_update().select_related("exercise__service__owner").get(pk=lot.pk)
    exercise = lot.exercise
    _require(actor, "services_commissioning.view_exercise", exercise)
    _require(actor, "services_commissioning.bid_for", organisation)
    if exercise.status == ExerciseStatus.DRAFT:
        raise PermissionDenied
    if organisation.pk == exercise.service.owner_id:
        raise ValidationError({"organisation": _("%(name)s runs this exercise, so it cannot bid in it")
                               % {"name": organisation.name}})
    existing = Bid.objects.filter(lot=lot, organisation=organisation).first()
    if existing is not None and existing.status == BidStatus.SUBMITTED:
        raise ValidationError({"lot": _("%(name)s has already submitted a bid for lot %(n)s") % {
            "name": organisation.name, "n": lot.number}})
    _require_open(exercise)
    _require_eligible(organisation, lot, selectors.supplier_kind_of(organisation), field="lot")
    if existing is not None:
        return existing
    bid = Bid.objects.create(lot=lot, organisation=organisation, created_by=actor)
    audit_record(actor=actor, action="services.bid_started", target=bid, metadata={"lot": lot.pk})
    return bid


def _draft_bid(actor, bid: Bid) -> Bid:
    bid = Bid.objects.select_for_update().select_related("lot__exercise__service__owner", "organisation").get(
        pk=bid.pk)
    _require(actor, "services_commissioning.change_bid", bid)
    if bid.status == BidStatus.SUBMITTED:
        raise ValidationError({"bid": _("This bid has been submitted, so it cannot be changed")})
    _require_open(bid.lot.exercise, field="bid")
    return bid


@transaction.atomic
def bid_answer(*, actor, bid: Bid, criterion: Criterion, text: str) -> Answer:
    bid = _draft_bid(actor, bid)
    if criterion.exercise_id != bid.lot.exercise_id or criterion.kind == CriterionKind.PRICE:
        raise ValidationError({"text": _("Answer a criterion of this exercise")})
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        raise ValidationError({"text": _("Enter your answer to %(name)s") % {"name": criterion.name}})
    if len(text) > ANSWER_MAX:
        raise ValidationError({"text": _("Your answer must be %(max)s characters or fewer") % {
            "max": f"{ANSWER_MAX:,}"}})
    answer, _created = Answer.objects.update_or_create(bid=bid, criterion=criterion, defaults={"text": text})
    return answer


@transaction.atomic
def bid_set_price(*, actor, bid: Bid, price) -> Bid:
    bid = _draft_bid(actor, bid)
    errors: dict[str, str] = {}
    amount = _money(price, field="price", errors=errors, positive=True,
                    message=_("Enter your price in pounds, more than 0, like 185000"))
    if errors:
        raise ValidationError(errors)
    bid.price = amount
    bid.save(update_fields=["price"])
    return bid


def bid_problems(bid: Bid) -> dict[str, list[str]]:
    """What still stops a draft bid being submitted, by the question where it is answered."""
    exercise = bid.lot.exercise
    problems: dict[str, list[str]] = {}
    kind = selectors.supplier_kind_of(bid.organisation)
    if not kind:
        problems["supplier"] = [_("Say what size or kind of organisation %(name)s is") % {
            "name": bid.organisation.name}]
    elif not selectors.eligible(kind, bid.lot.reservation):
        try:
            _require_eligible(bid.organisation, bid.lot, kind, field="supplier")
        except ValidationError as error:
            problems["supplier"] = error.message_dict["supplier"]
    answered = set(bid.answers.exclude(text="").values_list("criterion_id", flat=True))
    for criterion in selectors.scored_criteria(exercise):
        if criterion.pk not in answered:
            problems[f"answer-{criterion.pk}"] = [_("Answer %(name)s") % {"name": criterion.name}]
    if bid.price is None:
        problems["price"] = [_("Enter your price")]
    return problems


@transaction.atomic
def bid_submit(*, actor, bid: Bid) -> Bid:
    """Submit a complete bid while bids are open. It is sealed until they close, and the bidder follows the
    exercise to hear of its award."""
    bid = _draft_bid(actor, bid)
    problems = bid_problems(bid)
    if problems:
        raise ValidationError(problems)
    bid.status = BidStatus.SUBMITTED
    bid.supplier_kind = selectors.supplier_kind_of(bid.organisation)
    bid.submitted_by, bid.submitted_at = actor, timezone.now()
    bid.save(update_fields=["status", "supplier_kind", "submitted_by", "submitted_at"])
    audit_record(actor=actor, action="services.bid_submitted", target=bid,
                 metadata={"lot": bid.lot_id, "price": f"{bid.price:.2f}", "supplier_kind": bid.supplier_kind})
    follow_add(actor=actor, target=bid.lot.exercise)
    return bid


# Evaluation -------------------------------------------------------------------------------------------------------

def _evaluator(actor, exercise: Exercise) -> Evaluator:
    evaluator = Evaluator.objects.select_for_update().filter(exercise=exercise, user=actor).first() \
        if actor is not None and actor.is_authenticated else None
    if evaluator is None:
        raise PermissionDenied("not an evaluator")
    return evaluator


@transaction.atomic
def conflict_declare(*, actor, exercise: Exercise, has_conflict: bool, details: str = "") -> Evaluator:
    """An evaluator declares, once bids close and before seeing any, whether they have a conflict of interest with
    a bidder. A conflict removes them from the evaluation; the declaration stays as the record."""
    exercise = _locked(exercise)
    evaluator = _evaluator(actor, exercise)
    _require_not_cancelled(exercise, "has_conflict", _("Nothing is left to evaluate"))
    if evaluator.removed_at is not None and evaluator.has_conflict is None:
        raise PermissionDenied("removed evaluator")
    if evaluator.has_conflict is not None:
        raise ValidationError({"has_conflict": _("You declared on %(date)s. Ask the exercise's officer if it has "
                                                 "changed") % {"date": _day(timezone.localdate(
                                                     evaluator.declared_at))}})
    if dates.bids_phase(exercise, timezone.localdate()) != dates.Phase.CLOSED:
        raise ValidationError({"has_conflict": _("You can declare once bids close on %(date)s, when you can see "
                                                 "who bid") % {"date": _day(exercise.bids_close_on)}})
    if not isinstance(has_conflict, bool):
        raise ValidationError({"has_conflict": _("Select yes if you have a conflict of interest with a bidder")})
    details = details.strip() if isinstance(details, str) else ""
    if has_conflict and not details:
        raise ValidationError({"details": _("Say what the conflict of interest is")})
    if len(details) > COMMENT_MAX:
        raise ValidationError({"details": _("The details must be %(max)s characters or fewer") % {
            "max": f"{COMMENT_MAX:,}"}})
    now = timezone.now()
    evaluator.has_conflict, evaluator.conflict_details, evaluator.declared_at = has_conflict, details, now
    if has_conflict:
        evaluator.removed_at = now
    evaluator.save()
    audit_record(actor=actor, action="services.conflict_declared", target=exercise,
                 metadata={"has_conflict": has_conflict, "evaluator": evaluator.pk})
    return evaluator


@transaction.atomic
def scores_record(*, actor, bid: Bid, scores: dict) -> list[Score]:
    """An evaluator's scores of one bid: {criterion id: (score, comment)} for every criterion but price, each a
    whole number on the exercise's scale with a comment. Scoring again changes them until the lot is awarded."""
    bid = Bid.objects.select_related("lot__exercise", "organisation").get(pk=bid.pk)
    exercise = bid.lot.exercise
    evaluator = _evaluator(actor, exercise)
    _require_not_cancelled(exercise, "", _("Its bids are no longer scored"))
    if evaluator.has_conflict:
        raise ValidationError({"": _("You declared a conflict of interest in this exercise, so you cannot score its "
                                     "bids")})
    if evaluator.removed_at is not None:
        raise ValidationError({"": _("You were removed from evaluating this exercise, so you cannot score its "
                                     "bids")})
    if evaluator.has_conflict is None:
        raise ValidationError({"": _("Declare whether you have a conflict of interest before you score")})
    if bid.status != BidStatus.SUBMITTED or dates.bids_phase(exercise, timezone.localdate()) != dates.Phase.CLOSED:
        raise ValidationError({"": _("Bids are scored once they close on %(date)s") % {
            "date": _day(exercise.bids_close_on)}})
    if Award.objects.filter(lot=bid.lot_id).exists():
        raise ValidationError({"": _("Lot %(n)s has been awarded, so its scores cannot change") % {
            "n": bid.lot.number}})
    criteria = selectors.scored_criteria(exercise)
    errors: dict[str, str] = {}
    cleaned = {}
    for criterion in criteria:
        score, comment = (scores.get(criterion.pk) or (None, ""))
        value = _whole(score, low=0, high=exercise.scale_max)
        if value is None:
            errors[f"score-{criterion.pk}"] = _("Enter a score for %(name)s from 0 to %(max)s") % {
                "name": criterion.name, "max": exercise.scale_max}
        comment = comment.strip() if isinstance(comment, str) else ""
        if not comment:
            errors[f"comment-{criterion.pk}"] = _("Say why you gave %(name)s this score") % {"name": criterion.name}
        elif len(comment) > COMMENT_MAX:
            errors[f"comment-{criterion.pk}"] = _("The comment on %(name)s must be %(max)s characters or fewer") % {
                "name": criterion.name, "max": f"{COMMENT_MAX:,}"}
        cleaned[criterion.pk] = (value, comment)
    unknown = set(scores) - {c.pk for c in criteria}
    if unknown:
        errors[""] = _("Score only this exercise's criteria, not price")
    if errors:
        raise ValidationError(errors)
    saved, changes = [], {}
    for criterion in criteria:
        value, comment = cleaned[criterion.pk]
        existing = Score.objects.filter(evaluator=evaluator, bid=bid, criterion=criterion).first()
        if existing is None:
            saved.append(Score.objects.create(evaluator=evaluator, bid=bid, criterion=criterion, score=value,
                                              comment=comment))
            changes[criterion.name] = [None, value]
        else:
            if existing.score != value or existing.comment != comment:
                changes[criterion.name] = [existing.score, value]
                existing.score, existing.comment, existing.scored_at = value, comment, timezone.now()
                existing.save()
            saved.append(existing)
    if changes:
        audit_record(actor=actor, action="services.bid_scored", target=bid, changes=changes,
                     metadata={"evaluator": evaluator.pk})
    return saved


# Award ------------------------------------------------------------------------------------------------------------

@transaction.atomic
def award_confirm(*, actor, lot: Lot, contract_value) -> Award:
    """Confirm the award of a lot to its most advantageous tender by the published method, once every evaluator
    who declared no conflict has scored every bid. The officer confirming may not be an evaluator who declared a
    conflict. Records the contract value, the notice date and the standstill, and tells the exercise's followers."""
    lot = Lot.objects.select_for_update().select_related("exercise__service__owner").get(pk=lot.pk)
    exercise = lot.exercise
    _require(actor, "services_commissioning.manage_exercise", exercise)
    if not actor.has_perm("services_commissioning.award_lot", lot):
        raise ValidationError({"": _("You declared a conflict of interest in this exercise, so another officer must "
                                     "confirm its award")})
    _require_not_cancelled(exercise, "", _("It cannot be awarded"))
    if Award.objects.filter(lot=lot).exists():
        raise ValidationError({"": _("Lot %(n)s has already been awarded") % {"n": lot.number}})
    today = timezone.localdate()
    if dates.bids_phase(exercise, today) != dates.Phase.CLOSED:
        raise ValidationError({"": _("A lot can be awarded once bids close on %(date)s") % {
            "date": _day(exercise.bids_close_on)}})
    from .scoring import lot_ranking, ranking_record

    ranking = lot_ranking(lot)
    if not ranking:
        raise ValidationError({"": _("Lot %(n)s had no bids, so it cannot be awarded") % {"n": lot.number}})
    if not selectors.active_evaluators(exercise):
        raise ValidationError({"": _("No evaluator without a conflict of interest has scored the bids. Add an "
                                     "evaluator")})
    missing = selectors.missing_scores(lot)
    if missing:
        raise ValidationError({"": [_("%(name)s has not scored %(bidder)s's bid yet") % {
            "name": m.evaluator.user.display_name, "bidder": m.bid.organisation.name} for m in missing]})
    errors: dict[str, str] = {}
    value = _money(contract_value, field="contract_value", errors=errors, positive=True,
                   message=_("Enter the contract value in pounds, more than 0, like 185000"))
    if errors:
        raise ValidationError(errors)
    winner = ranking[0]
    try:
        with transaction.atomic():
            award = Award.objects.create(
                lot=lot, bid=winner.bid, total_score=selectors.two_places(winner.total), contract_value=value,
                supplier_kind=winner.bid.supplier_kind, ranking=ranking_record(ranking), confirmed_by=actor,
                notice_on=today, standstill_ends_on=dates.standstill_ends_on(today))
    except IntegrityError:
        raise ValidationError({"": _("Lot %(n)s has already been awarded") % {"n": lot.number}}) from None
    audit_record(actor=actor, action="services.lot_awarded", target=exercise, metadata={
        "lot": lot.pk, "bid": winner.bid.pk, "organisation": winner.bid.organisation_id,
        "total_score": str(award.total_score), "contract_value": f"{value:.2f}"})
    exercise = _locked(exercise)
    lots_with_bids = Lot.objects.filter(exercise=exercise, bids__status=BidStatus.SUBMITTED).distinct()
    if not lots_with_bids.filter(award__isnull=True).exists():
        exercise.status, exercise.awarded_at = ExerciseStatus.AWARDED, timezone.now()
        exercise.save(update_fields=["status", "awarded_at"])
        audit_record(actor=actor, action="services.exercise_awarded", target=exercise)
    followers_notify(
        target=exercise, key=f"commissioning:award:{lot.pk}", url=selectors.exercise_url(exercise), exclude=actor,
        title=_("%(title)s: lot %(n)s awarded to %(winner)s") % {
            "title": exercise.title, "n": lot.number, "winner": winner.bid.organisation.name},
        summary=_("The contract is worth £%(value)s. The standstill ends on %(date)s.") % {
            "value": f"{value:,.2f}", "date": _day(award.standstill_ends_on)})
    return award


# Spend targets and announcements ----------------------------------------------------------------------------------

@transaction.atomic
def spend_target_set(*, actor, organisation: Organisation, percent) -> SpendTarget:
    """Set the share of the council's awarded spend it aims to place with SMEs and VCSEs."""
    _require(actor, "services_commissioning.set_spend_target", organisation)
    try:
        value = decimal.Decimal(str(percent).replace("%", "").strip())
    except decimal.InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 < value <= 100 or value.as_tuple().exponent < -1:
        raise ValidationError({"percent": _("Enter the target as a percentage more than 0 and up to 100, like 33")})
    target = SpendTarget.objects.select_for_update().filter(organisation=organisation).first()
    before = str(target.percent) if target else str(selectors.DEFAULT_SPEND_TARGET)
    if target is None:
        target = SpendTarget(organisation=organisation)
    target.percent, target.set_by, target.set_at = value, actor, timezone.now()
    target.save()
    audit_record(actor=actor, action="services.spend_target_set", target=organisation,
                 changes={"percent": [before, str(value)]})
    return target


def exercises_announce(*, today: datetime.date | None = None) -> int:
    """Tell the followers of each published exercise, once, that its bids have opened or closed. Returns how many
    announcements were made."""
    today = today or timezone.localdate()
    made = 0
    candidates = Exercise.objects.exclude(status__in=[ExerciseStatus.DRAFT, ExerciseStatus.CANCELLED]).filter(
        bids_open_on__lte=today).exclude(opening_announced_at__isnull=False, closing_announced_at__isnull=False)
    for exercise_id in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            exercise = Exercise.objects.select_for_update().get(pk=exercise_id)
            phase = dates.bids_phase(exercise, today)
            url = selectors.exercise_url(exercise)
            if phase in (dates.Phase.OPEN, dates.Phase.CLOSED) and exercise.opening_announced_at is None:
                exercise.opening_announced_at = timezone.now()
                if phase == dates.Phase.OPEN:
                    followers_notify(target=exercise, key=f"commissioning:open:{exercise.pk}", url=url,
                                     title=_("Bids are open for %(title)s") % {"title": exercise.title},
                                     summary=_("Bids close at midnight at the end of %(date)s.") % {
                                         "date": _day(exercise.bids_close_on)})
                    made += 1
            if phase == dates.Phase.CLOSED and exercise.closing_announced_at is None:
                exercise.closing_announced_at = timezone.now()
                followers_notify(target=exercise, key=f"commissioning:closed:{exercise.pk}", url=url,
                                 title=_("Bids have closed for %(title)s") % {"title": exercise.title},
                                 summary=_("The bids are being evaluated. The award is published on this page."))
                made += 1
            exercise.save(update_fields=["opening_announced_at", "closing_announced_at"])
    return made
