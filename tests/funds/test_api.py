"""The public API of awards: only awards, in words close to 360Giving's, filtered by area, programme, fund and
recipient, with the API's one error body for bad filters."""

import pytest
from rest_framework.test import APIClient

from funds import services
from tests.organisations.factories import VerifiedOrganisationFactory

from .factories import (
    FundFactory,
    Place,
    administrator_of,
    assessor_of,
    funded,
    open_round,
    recommended,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/funds/awards/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def awards(round_, admin, assessor, finance):
    north, south = Place(decile=1), Place(decile=7)
    first, applicant = recommended(round_, admin, assessor, amount="8000", place=north,
                                   organisation=VerifiedOrganisationFactory(name="Hendon Food Bank"))
    services.application_approve(actor=admin, application=first, amount="6000", reasons="Reduced")
    services.agreement_accept(actor=applicant, application=first, full_name="Sam", role="Chair")
    (tranche,) = services.tranches_schedule(actor=admin, application=first,
                                            tranches=[{"amount": "6000", "due_on": first.project_start}])
    services.tranche_release(actor=finance, tranche=tranche)
    second, _ = recommended(round_, admin, assessor, amount="3000", areas=[south.local_authority.code])
    services.application_approve(actor=admin, application=second, amount="3000", reasons="Good")
    other_fund = FundFactory()
    other_admin = administrator_of(other_fund)
    funded(other_fund, other_admin)
    other_round = open_round(other_fund, other_admin)
    third, _ = recommended(other_round, other_admin, assessor_of(other_fund), amount="2000", place=north)
    services.application_approve(actor=other_admin, application=third, amount="2000", reasons="Good")
    recommended(round_, admin, assessor)  # not an award
    for award in (first, second, third):
        award.refresh_from_db()
    return {"first": first, "second": second, "third": third, "north": north, "south": south,
            "other_round": other_round}


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["title"] + str(row["amount_awarded"]) for row in response.json()["results"]}


def test_awards_are_listed_with_their_360giving_identifiers(api, awards, round_):
    response = api.get(URL)
    assert response.status_code == 200 and response.json()["count"] == 3
    first = next(row for row in response.json()["results"] if row["amount_awarded"] == "6000.00")
    fund = round_.programme.fund
    assert first["id"] == f"360G-{fund.identifier_prefix}-{awards['first'].pk}"
    assert first["amount_disbursed"] == "6000.00" and first["amount_requested"] == "8000.00"
    assert first["recipient"] == {"name": "Hendon Food Bank", "org_id": awards["first"].organisation.org_id}
    assert first["funder"] == {"name": fund.organisation.name, "org_id": fund.funder_org_id}
    assert first["programme"]["code"] == round_.programme.code
    assert first["beneficiary_locations"][0]["code"] == awards["north"].lsoa.code
    assert first["beneficiary_locations"][0]["imd_decile"] == 1


@pytest.mark.parametrize(("query", "expected"), [
    ("area={north_lsoa}", {"first", "third"}),
    ("area={north_la}", {"first", "third"}),
    ("area={south_la}", {"second"}),
    ("programme={programme}", {"first", "second"}),
    ("fund={fund}", {"first", "second"}),
    ("organisation={first_org}", {"first"}),
    ("organisation_name=hendon food", {"first"}),
    ("area=E01000000", set()),
])
def test_awards_are_filtered(api, awards, round_, query, expected):
    values = {"north_lsoa": awards["north"].lsoa.code, "north_la": awards["north"].local_authority.code,
              "south_la": awards["south"].local_authority.code, "programme": round_.programme.code,
              "fund": round_.programme.fund.slug, "first_org": awards["first"].organisation.org_id}
    response = api.get(f"{URL}?{query.format(**values)}")
    wanted = {awards[name].title + f"{awards[name].amount_awarded:.2f}" for name in expected}
    assert _ids(response) == wanted


@pytest.mark.parametrize(("query", "field"), [
    ("area=Sunderland", "area"), ("organisation=GB CHC 1", "organisation"), ("fund=not a slug!", "fund"),
    ("programme=" + "x" * 61, "programme"),
])
def test_bad_filters_answer_the_one_error_body(api, awards, query, field):
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["errors"][0]["field"] == field


def test_the_list_is_read_only_and_costs_a_fixed_number_of_queries(api, awards, django_assert_max_num_queries):
    assert api.post(URL, {}).status_code in (403, 405)
    with django_assert_max_num_queries(8):
        assert api.get(URL).status_code == 200
