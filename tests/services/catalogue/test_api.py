"""The catalogue API: published services only, their filters and the error body for bad values, one service with
the other parts' links, and a page of services costing the same queries whatever its length."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from services.catalogue import selectors
from services.catalogue.selectors import ServiceLink, add_months
from tests.services.factories import ServiceFactory, council

pytestmark = pytest.mark.django_db

SERVICES = "/api/v1/services/"


@pytest.fixture
def api():
    return APIClient()


def _service(town, **kwargs):
    return ServiceFactory(owner=town.organisation, local_authority=town.local_authority, **kwargs)


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_published_services_are_listed_with_their_council_and_area(api, town):
    service = _service(town, name="Youth clubs", delivery="commissioned", provider="Youth Trust",
                       annual_budget="300000.00", involvement=["commissioning"])
    service.wards.set([town.ward])
    _service(town, name="Secret plans", is_published=False)
    rows = api.get(SERVICES).json()["results"]
    assert [row["name"] for row in rows] == ["Youth clubs"]
    row = rows[0]
    assert row["council"]["key"] == "E08000024" and row["local_authority"]["code"] == "E08000024"
    assert row["wards"] == [{"code": town.ward.code, "name": town.ward.name}]
    assert row["annual_budget"] == "300000.00" and row["delivery_label"] == "Commissioned from a provider"
    assert row["url"].endswith(f"/services/E08000024/{service.reference}/")


def test_filters_narrow_the_list(api, town):
    elsewhere = council(code="E06000009", name="Blackpool")
    today = timezone.localdate()
    _service(town, name="Libraries", involvement=["volunteering"], contract_ends_on=add_months(today, 30))
    _service(town, name="Youth clubs", involvement=["co_design"], delivery="commissioned", provider="Youth Trust",
             contract_ends_on=add_months(today, 3))
    ServiceFactory(owner=elsewhere.organisation, local_authority=elsewhere.local_authority, name="Piers",
                   involvement=["feedback"])
    assert names(api.get(SERVICES, {"council": "e08000024"})) == ["Libraries", "Youth clubs"]
    assert names(api.get(SERVICES, {"local_authority": "E06000009"})) == ["Piers"]
    assert names(api.get(SERVICES, {"involvement": "co_design"})) == ["Youth clubs"]
    assert names(api.get(SERVICES, {"delivery": "commissioned"})) == ["Youth clubs"]
    assert names(api.get(SERVICES, {"ending_within": "6"})) == ["Youth clubs"]
    assert names(api.get(SERVICES, {"q": "youth trust"})) == ["Youth clubs"]
    assert names(api.get(SERVICES, {"council": "E08999999"})) == []


@pytest.mark.parametrize(("query", "field"), [
    ({"ending_within": "soon"}, "ending_within"),
    ({"ending_within": "0"}, "ending_within"),
    ({"ending_within": "1.5"}, "ending_within"),
    ({"involvement": "riot"}, "involvement"),
    ({"delivery": "magic"}, "delivery"),
    ({"local_authority": "Sunderland"}, "local_authority"),
])
def test_bad_filter_values_answer_400_with_the_error_body(api, town, query, field):
    response = api.get(SERVICES, query)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and [error["field"] for error in body["errors"]] == [field]


def test_one_service_has_the_links_other_parts_give_it(api, town, monkeypatch):
    service = _service(town, name="Youth clubs")
    monkeypatch.setattr(selectors, "SERVICE_LINK_SOURCES", [
        lambda svc, user: [ServiceLink(group="Commissioning exercises", text="Youth clubs 2027", url="/x/",
                                       status="Open for bids")]])
    body = api.get(f"{SERVICES}{service.pk}/").json()
    assert body["links"] == [{"group": "Commissioning exercises", "text": "Youth clubs 2027",
                              "url": "http://testserver/x/", "status": "Open for bids"}]


@pytest.mark.parametrize("path", ["999999/", "abc/"])
def test_missing_services_answer_404(api, town, path):
    assert api.get(f"{SERVICES}{path}").status_code == 404


def test_the_api_reads_only(api, town):
    api.force_authenticate(town.officer)
    assert api.post(SERVICES, {"name": "New"}).status_code in (403, 405)


def test_a_longer_page_costs_no_more_queries(api, town):
    for n in range(3):
        _service(town, name=f"Service {n}", contract_ends_on=datetime.date(2030, 1, 1)).wards.set([town.ward])
    with CaptureQueriesContext(connection) as three:
        api.get(SERVICES)
    for n in range(3, 12):
        _service(town, name=f"Service {n}").wards.set([town.ward])
    with CaptureQueriesContext(connection) as twelve:
        assert len(names(api.get(SERVICES))) == 12
    assert len(twelve) == len(three)
