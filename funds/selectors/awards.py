"""Reads for the public pages on awards: the funds and their open rounds, and the search of published awards by
area, programme and recipient organisation, with its totals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from covenant.organisations.models import VerificationStatus
from covenant.places.models import LocalAuthority

from ..models import Application, BeneficiaryArea, Fund, Programme

ZERO = Decimal("0.00")


def published_awards() -> QuerySet[Application]:
    # Imported here: open_data reaches the services, which read these selectors.
    from ..open_data import published_awards as awards

    return awards()


def public_funds() -> QuerySet[Fund]:
    """Every fund whose organisation is verified, with the organisation."""
    return (Fund.objects.filter(organisation__verification_status=VerificationStatus.VERIFIED)
            .select_related("organisation").order_by("name", "pk"))


@dataclass(frozen=True)
class AwardSearch:
    awards: QuerySet[Application]
    count: int
    total: Decimal


def award_search(*, local_authority: str = "", programme: Programme | None = None,
                 organisation: str = "") -> AwardSearch:
    """Published awards, newest first, helping a place in `local_authority` (an ONS code), of `programme` and
    to an organisation whose name contains `organisation` or whose org-id it is; with how many and their total."""
    awards = published_awards().order_by("-decided_at", "-pk")
    if local_authority:
        code = local_authority.upper()
        areas = BeneficiaryArea.objects.filter(Q(local_authority_id=code) | Q(code=code))
        awards = awards.filter(pk__in=areas.values("application_id"))
    if programme is not None:
        awards = awards.filter(round__programme=programme)
    organisation = " ".join((organisation or "").split())
    if organisation:
        awards = awards.filter(Q(organisation__name__icontains=organisation)
                               | Q(organisation__org_id__iexact=organisation))
    totals = awards.order_by().aggregate(count=Count("pk"), total=Sum("amount_awarded"))
    return AwardSearch(awards=awards, count=totals["count"] or 0, total=totals["total"] or ZERO)


def award_local_authorities() -> QuerySet[LocalAuthority]:
    """The local authorities some published award helps, by name: the choices of the search."""
    areas = BeneficiaryArea.objects.filter(application__in=published_awards().order_by().values("pk"))
    return LocalAuthority.objects.filter(pk__in=areas.values("local_authority_id")).order_by("name", "code")


def award_programmes() -> QuerySet[Programme]:
    """The programmes with a published award, by fund and name."""
    return (Programme.objects.filter(rounds__applications__in=published_awards().order_by().values("pk"))
            .select_related("fund").distinct().order_by("fund__name", "name", "pk"))
