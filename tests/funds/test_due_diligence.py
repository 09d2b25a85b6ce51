"""Due diligence on submission: each documented rule (docs/FUNDS.md) and how they combine into a rating."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from covenant.organisations.models import Organisation
from funds.models import RiskRating
from funds.services.due_diligence import (
    assess,
    names_match,
    rating_of,
    registration_problems,
)
from tests.organisations.factories import VerifiedOrganisationFactory

from .factories import submitted

pytestmark = pytest.mark.django_db


def _codes(application) -> set[str]:
    return {finding["code"] for finding in application.due_diligence.findings}


def _established(**kwargs) -> Organisation:
    return VerifiedOrganisationFactory(created_at=timezone.now() - datetime.timedelta(days=400), **kwargs)


def test_a_well_established_organisation_with_a_clean_application_is_green(round_):
    application, _ = submitted(round_, organisation=_established())
    assert application.due_diligence.rating == RiskRating.GREEN and application.due_diligence.findings == []
    assert application.due_diligence.organisation_verified and application.due_diligence.registration_ok


def test_a_newly_registered_organisation_is_amber(round_):
    application, _ = submitted(round_)
    assert _codes(application) == {"A2"} and application.due_diligence.rating == RiskRating.AMBER


def test_asking_for_more_than_the_annual_income_and_a_new_organisation_is_red(round_):
    application, _ = submitted(round_, amount="9000", income="8000")
    assert _codes(application) == {"A2", "A3"} and application.due_diligence.rating == RiskRating.RED


def test_a_malformed_registration_number_is_red(round_):
    organisation = _established()
    Organisation.objects.filter(pk=organisation.pk).update(charity_number="12AB")
    organisation.refresh_from_db()
    application, _ = submitted(round_, organisation=organisation)
    assert "R2" in _codes(application) and application.due_diligence.rating == RiskRating.RED
    assert not application.due_diligence.registration_ok
    assert "The charity number 12AB is not a well-formed number" in registration_problems(organisation)


def test_registration_rules_by_type_and_org_id():
    cic = _established(type="cic", charity_number="", company_number="")
    assert "A Community interest company (CIC) must have a company number" in registration_problems(cic)
    Organisation.objects.filter(pk=cic.pk).update(org_id="GB-XYZ-1")
    cic.refresh_from_db()
    assert any("not in org-id form" in problem for problem in registration_problems(cic))


def test_the_same_bank_account_as_another_organisation_is_red(round_):
    first, _ = submitted(round_, organisation=_established())
    second, _ = submitted(round_, organisation=_established())
    # Both used the builders' account: the second to submit is flagged.
    assert "R3" in _codes(second) and second.due_diligence.rating == RiskRating.RED
    assert first.organisation.name in str(second.due_diligence.findings)


def test_possible_duplicates_are_flagged_and_listed(round_, fund, admin):
    from .factories import open_round
    organisation = _established()
    first, applicant = submitted(round_, organisation=organisation)
    other_round = open_round(fund, admin, budget="10000")
    second, _ = submitted(other_round, organisation=organisation, applicant=applicant)
    assert "A1" in _codes(second) and list(second.due_diligence.possible_duplicates.all()) == [first]
    copycat, _ = submitted(other_round, organisation=_established())
    assert {first, second} <= set(copycat.due_diligence.possible_duplicates.all())


def test_a_bank_account_in_another_name_is_amber(round_):
    from funds import services

    organisation = _established(name="Riverside Community Trust")
    application, applicant = submitted(round_, organisation=organisation)
    services.bank_details_set(actor=applicant, application=application, account_name="J Smith",
                              sort_code="010203", account_number="12345678")
    application.due_diligence.refresh_from_db()
    assert _codes(application) == {"A4"}


@pytest.mark.parametrize(("account", "registered", "expected"), [
    ("Riverside Community Trust", "Riverside Community Trust", True),
    ("RIVERSIDE COMMUNITY", "The Riverside Community Trust Ltd", True),
    ("Riverside Community CIO", "Riverside Community", True),
    ("J Smith", "Riverside Community Trust", False),
    ("", "Riverside", False),
])
def test_names_match(account, registered, expected):
    assert names_match(account, registered) is expected


def test_ratings_combine_findings():
    amber = {"code": "A2", "rating": "amber", "message": ""}
    assert rating_of([]) == "green"
    assert rating_of([amber]) == "amber"
    assert rating_of([amber, {**amber, "code": "A3"}]) == "red"
    assert rating_of([amber, amber]) == "amber"  # the same rule twice is one signal
    assert rating_of([{"code": "R1", "rating": "red", "message": ""}]) == "red"


def test_assess_saves_nothing(round_):
    application, _ = submitted(round_)
    findings, duplicates, ok = assess(application, bank=None)
    assert ok and duplicates == [] and application.amount_requested == Decimal("5000")
    assert {f["code"] for f in findings} == {"A2"}
