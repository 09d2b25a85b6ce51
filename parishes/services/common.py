"""What the parishes' services share: the rules' numbers, dates in months, permission checks, row locks and
telling proposers."""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse

from covenant.notifications.services import notify

from ..models import Proposal

MIN_FOUNDING_MEMBERS = 21
REVIEW_MONTHS = 12  # the council must complete its review within 12 months of a valid petition
RECENT_REVIEW_YEARS = 2  # and may decline a petition for an area it reviewed in the last 2 years
NAME_MAX = 150
PURPOSE_MAX = 5000
CONSTITUTION_MAX = 50000
JUSTIFICATION_MAX = 2000
REASON_MAX = 5000


def min_months() -> int:
    return int(getattr(settings, "PARISH_MIN_MONTHS", 6))


def max_months() -> int:
    return int(getattr(settings, "PARISH_MAX_MONTHS", 36))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def require(actor, perm: str, obj) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def locked(proposal: Proposal) -> Proposal:
    """The proposal read again under a row lock, so two people acting at once see each other's change."""
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def proposal_url(proposal: Proposal) -> str:
    # The public page arrives with the parishes' views; until then notifications carry no link.
    try:
        return reverse("parishes:proposal", kwargs={"slug": proposal.slug})
    except NoReverseMatch:
        return ""


def notify_proposers(proposal: Proposal, event: str, context: dict, *, key: str) -> None:
    context = {"proposal_name": proposal.name, **context}
    for proposer in proposal.proposers.select_related("user"):
        notify(event=event, recipient=proposer.user, context=context, key=f"{key}:{proposer.user_id}",
               url=proposal_url(proposal))
