"""Writes for the end of an active parish's term: the chair asking the covering council for renewal and the
council's decision on it, and the parish's published evaluation."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.places.models import LocalAuthority

from .. import selectors, selectors_active
from ..models import Evaluation, Proposal, RenewalRequest, RenewalStatus
from .active import acting_on, clean_text, tell, tell_councils
from .common import REASON_MAX, proposal_url

TEXT_MAX = 10000
RENEWAL_DECISIONS = frozenset({RenewalStatus.APPROVED, RenewalStatus.REFUSED})


def _renewal_url(parish: Proposal) -> str:
    try:
        return reverse("parishes:parish-renewal", kwargs={"slug": parish.slug})
    except NoReverseMatch:
        return proposal_url(parish)


def _day(value) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def _long(day: datetime.date) -> str:
    return date_format(day, "j F Y")


@transaction.atomic
def renewal_request(*, actor, parish: Proposal, sunset_on: datetime.date, reasons: str) -> RenewalRequest:
    """The chair asks the covering council to renew the parish's powers until a new sunset date: a further term
    of the usual length from the current one. One request waits at a time; the council's officers are told."""
    parish = acting_on(actor, parish, "parishes.request_renewal")
    if selectors_active.pending_renewal(parish) is not None:
        raise ValidationError(_("The parish has asked for renewal already. Wait for the council's decision"))
    errors: dict[str, str] = {}
    earliest, latest = selectors_active.renewal_range(parish)
    if not _day(sunset_on):
        errors["sunset_on"] = _("Enter the new sunset date, like 31 3 2029")
    elif not earliest <= sunset_on <= latest:
        errors["sunset_on"] = _("The new sunset date must be between %(earliest)s and %(latest)s, a further term "
                                "of the usual length after the current sunset date, %(current)s") % {
            "earliest": _long(earliest), "latest": _long(latest), "current": _long(parish.sunset_on)}
    try:
        reasons = clean_text(reasons, "reasons", empty=_("Enter why the parish should continue"),
                             maximum=REASON_MAX)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    try:
        # A savepoint, so a request racing past the check above fails alone.
        with transaction.atomic():
            renewal = RenewalRequest.objects.create(parish=parish, current_sunset_on=parish.sunset_on,
                                                    requested_sunset_on=sunset_on, reasons=reasons,
                                                    requested_by=actor)
    except IntegrityError:
        raise ValidationError(_("The parish has asked for renewal already. Wait for the council's decision")) from None
    audit_record(actor=actor, action="parishes.renewal_requested", target=parish,
                 metadata={"renewal_id": renewal.pk, "requested_sunset_on": sunset_on.isoformat(),
                           "current_sunset_on": parish.sunset_on.isoformat()})
    tell_councils(parish, "parishes.renewal_requested",
                  {"requested_sunset_on": _long(sunset_on), "sunset_on": _long(parish.sunset_on), "reasons": reasons},
                  key=f"renewal_requested:{renewal.pk}", url=_renewal_url(parish))
    return renewal


@transaction.atomic
def renewal_decide(*, actor, renewal: RenewalRequest, decision: str, reasons: str,
                   sunset_on: datetime.date | None = None) -> RenewalRequest:
    """An officer of a covering council renews the parish until a new sunset date (the one asked for, or an
    earlier one still after the current date) or refuses, always with reasons. The proposers and officers of the
    parish are told."""
    parish = acting_on(actor, renewal.parish, "parishes.decide_renewal")
    renewal = RenewalRequest.objects.select_for_update().get(pk=renewal.pk, parish=parish)
    if renewal.status != RenewalStatus.PENDING:
        raise ValidationError(_("This request has been decided already"))
    errors: dict[str, str] = {}
    if decision not in RENEWAL_DECISIONS:
        errors["decision"] = _("Choose renew or refuse")
    elif decision == RenewalStatus.APPROVED:
        sunset_on = renewal.requested_sunset_on if sunset_on is None else sunset_on
        if not _day(sunset_on):
            errors["sunset_on"] = _("Enter the new sunset date, like 31 3 2029")
        elif not parish.sunset_on < sunset_on <= renewal.requested_sunset_on:
            errors["sunset_on"] = _("The new sunset date must be after %(current)s and no later than the date "
                                    "asked for, %(requested)s") % {"current": _long(parish.sunset_on),
                                                                  "requested": _long(renewal.requested_sunset_on)}
    elif sunset_on is not None:
        errors["sunset_on"] = _("A refusal sets no new sunset date")
    try:
        reasons = clean_text(reasons, "reasons", empty=_("Enter the reasons for the decision"), maximum=REASON_MAX)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    codes = selectors.officer_authority_codes(actor) & selectors.covering_authority_codes(parish)
    council = LocalAuthority.objects.filter(code__in=codes).order_by("code").first()
    renewal.status, renewal.decision_reasons = decision, reasons
    renewal.decided_at, renewal.decided_by, renewal.local_authority = timezone.now(), actor, council
    before = parish.sunset_on
    if decision == RenewalStatus.APPROVED:
        renewal.granted_sunset_on = sunset_on
        parish.sunset_on = sunset_on
        parish.save(update_fields=["sunset_on", "updated_at"])
    renewal.save(update_fields=["status", "decision_reasons", "decided_at", "decided_by", "local_authority",
                                "granted_sunset_on"])
    audit_record(actor=actor, action="parishes.renewal_decided", target=parish,
                 changes={"sunset_on": [before.isoformat(), parish.sunset_on.isoformat()]}
                 if decision == RenewalStatus.APPROVED else {},
                 metadata={"renewal_id": renewal.pk, "decision": decision, "reasons": reasons,
                           "local_authority": council.code if council else None})
    tell(selectors_active.people_to_tell(parish), parish, "parishes.renewal_decided",
         {"council": (council.name or council.code) if council else _("The council"),
          "decision": str(RenewalStatus(decision).label), "reasons": reasons,
          "sunset_on": _long(sunset_on) if decision == RenewalStatus.APPROVED else ""},
         key=f"renewal_decided:{renewal.pk}", url=_renewal_url(parish))
    return renewal


@transaction.atomic
def evaluation_publish(*, actor, parish: Proposal, achievements: str, evidence: str,
                       seeks_permanent: bool) -> Evaluation:
    """The chair publishes (or updates) the parish's evaluation: what it achieved, the evidence, and whether it
    seeks to become a permanent parish council. The covering councils' officers are told when it is first
    published and whenever it comes to seek permanence, since that asks them for a governance review."""
    parish = acting_on(actor, parish, "parishes.publish_evaluation")
    errors: dict[str, str] = {}
    cleaned = {}
    for field, value, empty in (("achievements", achievements, _("Enter what the parish achieved")),
                                ("evidence", evidence, _("Enter the evidence of what it achieved"))):
        try:
            cleaned[field] = clean_text(value, field, empty=empty, maximum=TEXT_MAX)
        except ValidationError as error:
            errors.update(error.message_dict)
    if not isinstance(seeks_permanent, bool):
        errors["seeks_permanent"] = _("Select yes if the parish seeks to become a permanent parish council")
    if errors:
        raise ValidationError(errors)
    evaluation = Evaluation.objects.select_for_update().filter(parish=parish).first()
    now = timezone.now()
    if evaluation is None:
        evaluation = Evaluation.objects.create(parish=parish, seeks_permanent=seeks_permanent, published_at=now,
                                               published_by=actor, **cleaned)
        audit_record(actor=actor, action="parishes.evaluation_published", target=parish,
                     metadata={"seeks_permanent": seeks_permanent})
        newly_seeking = seeks_permanent
        first = True
    else:
        newly_seeking = seeks_permanent and not evaluation.seeks_permanent
        before = {"seeks_permanent": evaluation.seeks_permanent}
        evaluation.achievements, evaluation.evidence = cleaned["achievements"], cleaned["evidence"]
        evaluation.seeks_permanent, evaluation.updated_at = seeks_permanent, now
        evaluation.save(update_fields=["achievements", "evidence", "seeks_permanent", "updated_at"])
        audit_record(actor=actor, action="parishes.evaluation_updated", target=parish,
                     changes={"seeks_permanent": [before["seeks_permanent"], seeks_permanent]}
                     if before["seeks_permanent"] != seeks_permanent else {})
        first = False
    if first or newly_seeking:
        tell_councils(parish, "parishes.evaluation_published", {"seeks_permanent": seeks_permanent},
                      key=f"evaluation:{parish.pk}:{'permanent' if seeks_permanent else 'first'}")
    return evaluation
