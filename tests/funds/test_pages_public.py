"""The funds' public pages: the front page with the funds and their open rounds, the search of awards by area,
programme and organisation with its totals and pages, and each award's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from funds import services
from funds.models import Application, ApplicationStatus
from tests.funds.factories import (
    EndowmentFactory,
    Place,
    RoundFactory,
    administrator_of,
    open_round,
    recommended,
)
from tests.organisations.factories import VerifiedOrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards(round_, admin, assessor, finance):
    """Two awards in different places and programmes (one paid in part) and one application not awarded."""
    sunderland = Place(decile=1)
    food_bank = VerifiedOrganisationFactory(name="Hendon Food Bank")
    first, applicant = recommended(round_, admin, assessor, amount="20000", place=sunderland, organisation=food_bank)
    services.application_approve(actor=admin, application=first, amount="15000", reasons="Reduced")
    services.agreement_accept(actor=applicant, application=first, full_name="Sam", role="Chair")
    (tranche,) = services.tranches_schedule(actor=admin, application=first,
                                            tranches=[{"amount": "15000", "due_on": first.project_start}])
    services.tranche_release(actor=finance, tranche=tranche)

    other_round = open_round(round_.programme.fund, admin)
    elsewhere = Place(decile=6)
    second, _ = recommended(other_round, admin, assessor, amount="3000", place=elsewhere,
                            organisation=VerifiedOrganisationFactory(name="Truro Youth Club"))
    services.application_approve(actor=admin, application=second, amount="3000", reasons="Good")
    waiting, _ = recommended(round_, admin, assessor, amount="4000")
    for application in (first, second, waiting):
        application.refresh_from_db()
    return {"first": first, "second": second, "waiting": waiting, "sunderland": sunderland,
            "elsewhere": elsewhere, "other_round": other_round}


def test_the_front_page_shows_both_funds_and_their_open_rounds_with_closing_dates(client, fund, round_, admin):
    endowment = EndowmentFactory(name="Levelling Up Communities Fund")
    closed = RoundFactory(programme=round_.programme, name="Last winter's round",
                          opens_at=timezone.now() - datetime.timedelta(days=60),
                          closes_at=timezone.now() - datetime.timedelta(days=30))
    unpublished = RoundFactory(programme=round_.programme, name="Spring round, not published", published_at=None)
    response = client.get(reverse("funds:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert fund.name in html and "Levelling Up Communities Fund" in html
    assert "Small grants of up to £10,000 go through a fast track" in html and "An endowment" in html
    assert round_.name in html
    assert f'href="{reverse("funds:round", kwargs={"pk": round_.pk})}"' in html
    from covenant.core.formats import govuk_datetime

    assert f"Closes {govuk_datetime(round_.closes_at)}." in html
    assert closed.name not in html and unpublished.name not in html
    assert "No rounds of this fund are open at the moment." in html  # the endowment has none
    assert endowment.name in html
    for name in ("funds:awards", "funds:360giving-json", "funds:360giving-csv"):
        assert f'href="{reverse(name)}"' in html


def test_the_header_offers_funds_once_its_front_page_exists(client):
    from covenant.core.navigation import is_live

    assert is_live("/funds/")


def test_every_award_is_listed_with_the_totals(client, awards):
    response = client.get(reverse("funds:awards"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 awards, £18,000 in all" in html
    assert "Hendon Food Bank" in html and "Truro Youth Club" in html
    assert f'href="{reverse("funds:award", args=[awards["first"].pk])}"' in html
    assert f'href="{reverse("funds:360giving-json")}"' in html and f'href="{reverse("funds:360giving-csv")}"' in html


def test_awards_are_searched_by_local_authority(client, awards):
    authority = awards["sunderland"].local_authority
    html = client.get(reverse("funds:awards"), {"local_authority": authority.code}).content.decode()
    assert "1 award, £15,000 in all" in html
    assert "Hendon Food Bank" in html and "Truro Youth Club" not in html


def test_awards_are_searched_by_postcode_through_its_local_authority(client, awards):
    postcode = awards["elsewhere"].postcode.postcode
    html = client.get(reverse("funds:awards"), {"postcode": postcode.lower()}).content.decode()
    assert "1 award, £3,000 in all" in html
    assert "Truro Youth Club" in html and "Hendon Food Bank" not in html
    assert f"where {postcode} is" in html


def test_awards_are_searched_by_programme_and_organisation(client, awards):
    programme = awards["other_round"].programme
    html = client.get(reverse("funds:awards"), {"programme": programme.pk}).content.decode()
    assert "1 award, £3,000 in all" in html and "Truro Youth Club" in html
    html = client.get(reverse("funds:awards"), {"organisation": "food bank"}).content.decode()
    assert "1 award, £15,000 in all" in html and "Hendon Food Bank" in html
    org_id = awards["second"].organisation.org_id
    html = client.get(reverse("funds:awards"), {"organisation": org_id}).content.decode()
    assert "1 award, £3,000 in all" in html


def test_a_search_matching_nothing_says_so(client, awards):
    html = client.get(reverse("funds:awards"), {"organisation": "Nobody at all"}).content.decode()
    assert "0 awards, £0 in all" in html and "No awards match your search" in html


@pytest.mark.parametrize(("query", "message"), [
    ({"postcode": "not a postcode"}, "Enter a real postcode"),
    ({"postcode": "SR9 9ZZ"}, "We could not find the postcode SR9 9ZZ"),
    ({"postcode": "E08000024"}, "Enter a postcode, like SR2 8AA, or choose a local authority"),
    ({"local_authority": "E99999999"}, "Choose a local authority from the list"),
    ({"programme": "999999"}, "Choose a programme from the list"),
    ({"programme": "nonsense"}, "Choose a programme from the list"),
    ({"organisation": "x" * 201}, "Enter 200 characters or fewer for the organisation"),
])
def test_bad_searches_are_told_what_is_wrong(client, awards, query, message):
    response = client.get(reverse("funds:awards"), query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "<title>Error:" in html
    assert "Hendon Food Bank" not in html


def test_the_awards_are_paginated_keeping_the_search(client, round_, admin, assessor, settings):
    from funds import views

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for _n in range(views.AWARDS_PER_PAGE + 1):
        application, _ = recommended(round_, admin, assessor, amount="1000")
        services.application_approve(actor=admin, application=application, amount="1000", reasons="Good")
    query = {"programme": str(round_.programme.pk)}
    first = client.get(reverse("funds:awards"), query).content.decode()
    total = Application.objects.filter(status=ApplicationStatus.APPROVED).count()
    assert f"{total} awards, £{total},000 in all" in first
    assert "Page 1 of 2" in first and f"programme={round_.programme.pk}&amp;page=2" in first
    second = client.get(reverse("funds:awards"), {**query, "page": "2"}).content.decode()
    assert "Page 2 of 2" in second
    assert client.get(reverse("funds:awards"), {"page": "999"}).status_code == 200


def test_an_awards_page_says_who_what_where_and_what_is_paid(client, awards):
    first = awards["first"]
    response = client.get(reverse("funds:award", args=[first.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert first.title in html and "Hendon Food Bank" in html
    assert "£15,000" in html  # awarded, and paid in full
    assert first.organisation.org_id in html
    assert awards["sunderland"].lsoa.code in html
    assert awards["sunderland"].postcode.postcode not in html  # a postcode is never published
    fund = first.round.programme.fund
    assert f"360G-{fund.identifier_prefix}-{first.pk}" in html


def test_applications_that_are_not_awards_have_no_public_page(client, awards):
    assert client.get(reverse("funds:award", args=[awards["waiting"].pk])).status_code == 404
    assert client.get(reverse("funds:award", args=[999999])).status_code == 404


def test_the_public_pages_only_answer_get(client, awards):
    assert client.post(reverse("funds:awards")).status_code == 405
    assert client.post(reverse("funds:index")).status_code == 405


def test_the_front_page_lists_only_funds_of_verified_organisations(client):
    from tests.funds.factories import FundFactory
    from tests.organisations.factories import OrganisationFactory

    FundFactory(name="Unchecked Fund", organisation=OrganisationFactory())
    shown = FundFactory(name="Checked Fund")
    administrator_of(shown)
    html = client.get(reverse("funds:index")).content.decode()
    assert "Checked Fund" in html and "Unchecked Fund" not in html


def test_more_awards_cost_no_more_queries(client, round_, admin, assessor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def award(n):
        for _n in range(n):
            application, _ = recommended(round_, admin, assessor, amount="1000")
            services.application_approve(actor=admin, application=application, amount="1000", reasons="Good")

    award(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("funds:awards")).status_code == 200
    award(5)
    with CaptureQueriesContext(connection) as more:
        assert "7 awards" in client.get(reverse("funds:awards")).content.decode()
    assert len(more) == len(few)
