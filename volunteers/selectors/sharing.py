"""Reads about consent: which organisations may see which sections of a passport, and who has looked."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from covenant.organisations.models import Organisation

from ..models import Passport, PassportView, Section, Share


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def active_shares(*, on: datetime.date | None = None) -> QuerySet:
    """Shares in force on a date: not revoked and not past their end date (the last day still counts)."""
    return Share.objects.filter(revoked_at__isnull=True, expires_on__gte=_today(on))


def share_in_force(*, organisation: Organisation, passport: Passport, on: datetime.date | None = None) -> Share | None:
    """The share in force between this passport and organisation, or None. Unverified organisations see nothing."""
    if organisation is None or passport is None or organisation.pk is None or passport.pk is None:
        return None
    if not organisation.is_verified:
        return None
    return active_shares(on=on).filter(organisation=organisation, passport=passport).order_by("-created_at").first()


def shared_sections(*, organisation: Organisation, passport: Passport, on: datetime.date | None = None) -> frozenset[str]:
    """The sections a share in force gives this organisation on that date (today by default); empty if none."""
    share = share_in_force(organisation=organisation, passport=passport, on=on)
    if share is None:
        return frozenset()
    return frozenset(section for section in share.sections if section in Section.values)


def passports_shared_with(organisation: Organisation, *, on: datetime.date | None = None) -> QuerySet:
    """Passports with a share in force for the organisation, holders loaded, ordered by the holder's name."""
    if organisation is None or organisation.pk is None or not organisation.is_verified:
        return Passport.objects.none()
    shares = active_shares(on=on).filter(organisation=organisation)
    return (
        Passport.objects.filter(pk__in=shares.values("passport_id"))
        .select_related("holder")
        .order_by("holder__full_name", "holder__email", "id")
    )


def shares_in_force_with(organisation: Organisation, *, on: datetime.date | None = None) -> QuerySet:
    """The organisation's shares in force, each with its passport and holder: the rows of its list page."""
    if organisation is None or organisation.pk is None or not organisation.is_verified:
        return Share.objects.none()
    return (
        active_shares(on=on)
        .filter(organisation=organisation)
        .select_related("passport__holder")
        .order_by("passport__holder__full_name", "passport__holder__email", "id")
    )


def shares_of(passport: Passport | None) -> QuerySet:
    """Every share of a passport, newest first, with its organisation."""
    if passport is None:
        return Share.objects.none()
    return Share.objects.filter(passport=passport).select_related("organisation").order_by("-created_at", "-id")


def current_shares_of(passport: Passport | None, *, on: datetime.date | None = None) -> QuerySet:
    if passport is None:
        return Share.objects.none()
    return shares_of(passport).filter(revoked_at__isnull=True, expires_on__gte=_today(on))


def past_shares_of(passport: Passport | None, *, on: datetime.date | None = None) -> QuerySet:
    if passport is None:
        return Share.objects.none()
    return shares_of(passport).filter(Q(revoked_at__isnull=False) | Q(expires_on__lt=_today(on)))


def access_log(passport: Passport | None) -> QuerySet:
    """Who has seen the passport, newest first."""
    if passport is None:
        return PassportView.objects.none()
    return PassportView.objects.filter(passport=passport).select_related("viewer", "organisation")
