"""Permission-matrix rows for the funds' public pages and API (see tests/test_permission_matrix.py): every award
is open data, so everyone may read the 360Giving files and the list of awards, and they hold one award."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from tests.matrix import Row, public


def an_award():
    """One published award with a beneficiary area, made once per test."""
    from funds.models import Application, ApplicationStatus, AreaKind, BeneficiaryArea
    from tests.funds.factories import ApplicationFactory
    from tests.places.factories import LSOAFactory

    found = Application.objects.filter(status=ApplicationStatus.APPROVED).first()
    if found is not None:
        return found
    award = ApplicationFactory(status=ApplicationStatus.APPROVED, amount_awarded=Decimal("4000"),
                               submitted_at=timezone.now() - datetime.timedelta(days=5), decided_at=timezone.now())
    lsoa = LSOAFactory()
    BeneficiaryArea.objects.create(application=award, kind=AreaKind.LSOA, code=lsoa.code, lsoa=lsoa,
                                   local_authority=lsoa.local_authority, imd_decile=lsoa.imd_decile)
    return award


def _after_award(path):
    """A row's path, once an award exists: `path` is a URL name or an address."""
    def build(world):
        an_award()
        return reverse(path) if ":" in path else path
    return build


PAGES = [
    Row("community funds front page", _after_award("funds:index"), public()),
    Row("search of awards", _after_award("funds:awards"), public()),
    Row("search of awards by programme",
        lambda w: reverse("funds:awards") + f"?programme={an_award().round.programme_id}", public()),
    Row("an award's page", lambda w: reverse("funds:award", args=[an_award().pk]), public()),
    Row("360Giving grants (JSON)", _after_award("funds:360giving-json"), public()),
    Row("360Giving grants (CSV)", _after_award("funds:360giving-csv"), public()),
]

API = [
    Row("published awards", _after_award("/api/v1/funds/awards/"), public()),
    Row("published awards in an area",
        lambda w: f"/api/v1/funds/awards/?area={an_award().beneficiary_areas.get().code}", public()),
]
