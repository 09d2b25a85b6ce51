"""What the funds' services share: refusals audited, permission checks, row locks taken in one order, money
read and written the GOV.UK way, and telling people."""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import notify
from covenant.organisations.models import Role
from covenant.organisations.selectors import people_with_roles

from ..models import Application, Fund, Round

TEXT_MAX = 5000
REASONS_MAX = 5000
PENNY = Decimal("0.01")
MONEY_LIMIT = Decimal("999999999999.99")


def refusals_audited(action: str):
    """Audit every refusal of the service it wraps (put it above `@transaction.atomic`).

    A ValidationError or PermissionDenied rolls the service's own changes back; the refusal is then written
    to the audit log as `<action>_refused`, outside the rolled-back work, with what was refused and why.
    """

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except (ValidationError, PermissionDenied) as error:
                _record_refusal(action, kwargs, error)
                raise

        return wrapper

    return decorate


def _record_refusal(action: str, kwargs: dict, error: Exception) -> None:
    # The object acted on: the first saved model passed, other than the actor.
    target = next((value for key, value in kwargs.items()
                   if key != "actor" and isinstance(value, models.Model) and value.pk is not None), None)
    if isinstance(error, ValidationError):
        reasons = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        metadata = {"refused": "invalid", "errors": reasons}
    else:
        metadata = {"refused": "forbidden", "permission": str(error)}
    metadata["arguments"] = {key: (f"{value._meta.label}:{value.pk}" if isinstance(value, models.Model) else None)
                             for key, value in kwargs.items() if key != "actor"}
    audit_record(actor=kwargs.get("actor"), action=f"{action}_refused", target=target, metadata=metadata)


def require(actor, perm: str, obj=None) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


# Locks: always fund, then round, then application, so two services never wait on each other in a circle.

def lock_fund(fund_id: int) -> Fund:
    return Fund.objects.select_for_update().select_related("organisation").get(pk=fund_id)


def lock_round(round_id: int) -> Round:
    return Round.objects.select_for_update(of=("self",)).select_related("programme__fund").get(pk=round_id)


def lock_application(application_id: int) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related(
        "round__programme__fund__organisation", "organisation").get(pk=application_id)


def lock_for_money(application: Application) -> tuple[Fund, Round, Application]:
    """The application's fund, round and the application itself, locked in that order, for any change that
    posts to the ledger."""
    round_ = Round.objects.select_related("programme").get(pk=application.round_id)
    fund = lock_fund(round_.programme.fund_id)
    round_ = lock_round(round_.pk)
    return fund, round_, lock_application(application.pk)


# Money -------------------------------------------------------------------------------------------------------

def parse_money(value, field: str, *, label: str, errors: dict | None = None, allow_zero: bool = False):
    """An amount in pounds as a Decimal of pence precision, from a Decimal, int or text like "£1,250.50".

    Raises ValidationError({field: message}) or, with `errors`, records the message there and returns None.
    """
    message = None
    amount = None
    if value is None or (isinstance(value, str) and not value.strip()):
        message = _("Enter %(label)s") % {"label": label}
    elif isinstance(value, bool) or isinstance(value, float):
        message = _("Enter %(label)s in pounds, like 1250 or 1250.50") % {"label": label}
    else:
        text = re.sub(r"[£,\s]", "", str(value))
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            message = _("Enter %(label)s in pounds, like 1250 or 1250.50") % {"label": label}
            amount = None
        elif amount != amount.quantize(PENNY):
            message = _("Enter %(label)s in pounds and pence, with no more than 2 decimal places") % {"label": label}
            amount = None
        elif amount < 0 or (amount == 0 and not allow_zero):
            message = (_("Enter %(label)s of £0 or more") if allow_zero
                       else _("Enter %(label)s of more than £0")) % {"label": label}
            amount = None
        elif amount > MONEY_LIMIT:
            message = _("Enter %(label)s of less than £1 trillion") % {"label": label}
            amount = None
    if message:
        if errors is None:
            raise ValidationError({field: message})
        errors[field] = message
        return None
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def pounds(amount) -> str:
    """£1,250 or £1,250.50."""
    amount = Decimal(amount or 0)
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def when(moment) -> str:
    """A moment the GOV.UK way: 5pm on 3 March 2026 (local time)."""
    local = timezone.localtime(moment)
    hour = local.strftime("%I").lstrip("0") or "12"
    minutes = "" if local.minute == 0 else f":{local.minute:02d}"
    time = {(0, 0): _("midnight"), (12, 0): _("midday")}.get((local.hour, local.minute),
                                                              f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}")
    return _("%(time)s on %(day)s") % {"time": time, "day": date_format(local.date(), "j F Y")}


def day(value) -> str:
    return date_format(value, "j F Y")


def clean_text(value, field: str, *, empty: str, maximum: int = TEXT_MAX, errors: dict | None = None,
               required: bool = True) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    message = None
    if required and not value:
        message = empty
    elif len(value) > maximum:
        message = _("This must be %(max)s characters or fewer") % {"max": f"{maximum:,}"}
    if message:
        if errors is None:
            raise ValidationError({field: message})
        errors[field] = message
    return value


# Telling people ----------------------------------------------------------------------------------------------

def application_url(application: Application) -> str:
    # The applicants' and administrators' pages come with the funds' views; until then no link is sent.
    try:
        return reverse("funds:application", kwargs={"pk": application.pk})
    except NoReverseMatch:
        return ""


def staff_application_url(application: Application) -> str:
    """The application's case page, for its fund's administrators and its assessors."""
    try:
        return reverse("funds:manage-application", kwargs={"pk": application.pk})
    except NoReverseMatch:
        return ""


def _context(application: Application, context: dict) -> dict:
    return {"application_title": application.title, "organisation": application.organisation.name,
            "fund": application.round.programme.fund.name, "round": application.round.name, **context}


def notify_applicants(application: Application, event: str, context: dict, *, key: str) -> None:
    """The person who started the application and the applicant organisation's administrators."""
    people = {person.pk: person for person in people_with_roles(application.organisation, [Role.ADMIN])}
    people.setdefault(application.created_by_id, application.created_by)
    for person in people.values():
        if person.is_active:
            notify(event=event, recipient=person, context=_context(application, context),
                   key=f"{key}:{person.pk}", url=application_url(application))


def notify_administrators(application: Application, event: str, context: dict, *, key: str,
                          exclude=()) -> None:
    fund = application.round.programme.fund
    excluded = {getattr(person, "pk", person) for person in exclude}
    for person in people_with_roles(fund.organisation, [Role.FUND_ADMINISTRATOR]):
        if person.pk not in excluded:
            notify(event=event, recipient=person, context=_context(application, context),
                   key=f"{key}:{person.pk}", url=staff_application_url(application))


def notify_person(person, application: Application, event: str, context: dict, *, key: str,
                  url: str | None = None) -> None:
    """One of the fund's people (an assessor, an administrator): by default linked to the case page."""
    notify(event=event, recipient=person, context=_context(application, context), key=f"{key}:{person.pk}",
           url=staff_application_url(application) if url is None else url)
