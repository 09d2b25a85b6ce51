"""The commissioning API: published exercises with their criteria, weights, lots and method; awards with the
published ranking (only the winner named, no losing prices, never bids' content); filters and their errors."""

import pytest
from rest_framework.test import APIClient

from services.commissioning import services

from .factories import evaluated, exercise_of, open_bids, score_all, submitted_bid

pytestmark = pytest.mark.django_db

EXERCISES = "/api/v1/services/commissioning/exercises/"
AWARDS = "/api/v1/services/commissioning/awards/"


@pytest.fixture
def api():
    return APIClient()


def _awarded(town, service):
    exercise = exercise_of(town, service, title="Youth services", lots=[{"title": "Whole contract"}])
    winner = submitted_bid(exercise, kind="vcse", name="Youth Trust", price="400000")
    loser = submitted_bid(exercise, kind="large", name="Big plc", price="350000")
    panel = evaluated(town, exercise, evaluators=1)
    score_all(panel, winner, {"Quality of the service": [5], "Social value": [5]})
    score_all(panel, loser, {"Quality of the service": [2], "Social value": [1]})
    services.award_confirm(actor=town.officer, lot=panel.lot(), contract_value="400000")
    return exercise


def test_published_exercises_are_listed_and_drafts_are_not(api, town, service):
    open_bids(exercise_of(town, service, title="Youth services"))
    exercise_of(town, service, title="Secret plans", publish=False)
    rows = api.get(EXERCISES).json()["results"]
    assert [row["title"] for row in rows] == ["Youth services"]
    assert rows[0]["phase"] == "open" and rows[0]["social_value_weight"] == 20
    assert rows[0]["council"]["key"] == "E08000024"


def test_an_exercise_in_full_has_its_method_and_award_without_bids_content(api, town, service):
    exercise = _awarded(town, service)
    body = api.get(f"{EXERCISES}{exercise.reference}/").json()
    assert [(c["name"], c["kind"], c["weight"]) for c in body["criteria"]] == [
        ("Quality of the service", "quality", 50), ("Social value", "social_value", 20), ("Price", "price", 30)]
    assert body["status"] == "awarded" and "lowest price" in body["price_formula"]
    award = body["lots"][0]["award"]
    assert award["supplier"] == "Youth Trust" and award["supplier_kind"] == "vcse"
    assert award["contract_value"] == "400000.00"
    assert [entry["bidder"] for entry in award["ranking"]] == ["Youth Trust", "Bidder 2"]
    text = str(body)
    assert "Big plc" not in text and "350000" not in text and "Our answer" not in text


def test_awards_are_listed_and_filtered_by_council_and_kind(api, town, service):
    _awarded(town, service)
    assert [row["supplier"] for row in api.get(AWARDS, {"council": "E08000024"}).json()["results"]] == [
        "Youth Trust"]
    assert api.get(AWARDS, {"supplier_kind": "large"}).json()["results"] == []
    assert api.get(AWARDS, {"council": "E09999999"}).json()["results"] == []


def test_exercises_filter_by_phase_status_and_service(api, town, service):
    open_bids(exercise_of(town, service, title="Youth services"))
    exercise_of(town, service, title="Libraries")
    assert [r["title"] for r in api.get(EXERCISES, {"phase": "upcoming"}).json()["results"]] == ["Libraries"]
    assert [r["title"] for r in api.get(EXERCISES, {"phase": "open"}).json()["results"]] == ["Youth services"]
    assert len(api.get(EXERCISES, {"service": service.pk, "status": "published"}).json()["results"]) == 2


@pytest.mark.parametrize(("path", "query", "field"), [
    (EXERCISES, {"phase": "soon"}, "phase"), (EXERCISES, {"status": "draft"}, "status"),
    (EXERCISES, {"service": "one"}, "service"), (AWARDS, {"supplier_kind": "giant"}, "supplier_kind"),
])
def test_bad_filters_answer_400_with_the_error_body(api, town, path, query, field):
    response = api.get(path, query)
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_the_api_reads_only_and_drafts_are_nobodys(api, town, service):
    draft = exercise_of(town, service, publish=False)
    api.force_authenticate(town.officer)
    assert api.get(f"{EXERCISES}{draft.reference}/").status_code == 404
    assert api.post(EXERCISES, {"title": "New"}).status_code in (403, 405)
