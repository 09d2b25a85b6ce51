"""What co-design's services share: limits, permission checks, row locks, the phase and residence rules with
their messages, and addresses for notifications."""

from __future__ import annotations

import decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from services.catalogue.selectors import residence_in

from .. import dates
from ..models import Contribution, ContributionKind, Phase, Process, ProcessStatus

TITLE_MAX = 150
TEXT_MAX = 5000
COMMENT_MAX = 2000
REASON_MAX = 1000
# Replies nest this deep (a comment, a reply, a reply to that) so threads stay readable on a phone.
MAX_COMMENT_DEPTH = 2
MAX_COAUTHORS = 5
# A budget or cost in pounds, below a trillion, in pounds and pence.
MONEY_MAX = decimal.Decimal("9999999999.99")


def require(actor, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def locked(process: Process) -> Process:
    """The process read again under a row lock, so officers and residents acting at once see each other."""
    return Process.objects.select_for_update().select_related("service", "service__owner").get(pk=process.pk)


def phase_of(process: Process, kind: str) -> Phase | None:
    return process.phases.filter(kind=kind).first()


def require_open_phase(process: Process, kind: str, message: str) -> Phase:
    """The phase of `kind`, if the process is taking part and that phase is open today; otherwise `message` with
    when the phase opens or closed."""
    if process.status != ProcessStatus.PUBLISHED:
        raise ValidationError(_("This process is closed. It no longer takes part from residents")
                              if process.status == ProcessStatus.CLOSED else message)
    phase = phase_of(process, kind)
    if phase is None:
        raise ValidationError(message)
    state = dates.phase_state(phase, dates.today())
    if state != dates.OPEN:
        timing = dates.phase_timing(phase, dates.today())
        raise ValidationError(f"{message}. {timing.text}")
    return phase


def require_resident(person, process: Process) -> None:
    """Only residents of the service's area take part; the reason says why someone is not one."""
    residence = residence_in(person, process.service)
    if not residence:
        raise ValidationError(residence.reason)


def text(value, *, field: str, required: str, maximum: int, errors: dict) -> str:
    """A trimmed text answer, or an error on `field` (nothing entered, or too long)."""
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        errors[field] = _("Enter text")
        return ""
    if not value:
        errors[field] = required
    elif len(value) > maximum:
        errors[field] = _("Enter %(max)s characters or fewer") % {"max": f"{maximum:,}"}
    return value


def pounds(value, *, field: str, name: str, errors: dict, maximum=None) -> decimal.Decimal | None:
    """An amount in pounds and pence above zero (and at most `maximum`), or an error on `field` naming it."""
    if value in (None, ""):
        return None
    try:
        amount = decimal.Decimal(str(value).replace(",", "").replace("£", "").strip())
    except decimal.InvalidOperation:
        errors[field] = _("%(name)s must be an amount in pounds, like 1500 or 1500.50") % {"name": name}
        return None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        errors[field] = _("%(name)s must be an amount in pounds and pence, like 1500.50") % {"name": name}
        return None
    if amount <= 0:
        errors[field] = _("%(name)s must be more than £0") % {"name": name}
        return None
    if amount > MONEY_MAX:
        errors[field] = _("%(name)s must be less than £10,000,000,000") % {"name": name}
        return None
    if maximum is not None and amount > maximum:
        errors[field] = _("%(name)s must be no more than the budget of £%(budget)s") % {
            "name": name, "budget": f"{maximum:,.2f}"}
        return None
    return amount.quantize(decimal.Decimal("0.01"))


def process_url(process: Process) -> str:
    return reverse("services:codesign-process", kwargs={"slug": process.slug})


def contribution_url(contribution: Contribution) -> str:
    name = "services:codesign-proposal" if contribution.kind == ContributionKind.PROPOSAL else "services:codesign-idea"
    return reverse(name, kwargs={"slug": contribution.process.slug, "pk": contribution.pk})
