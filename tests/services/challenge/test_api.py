"""The Right to Challenge API: public challenges never carry the content, the content only for the body and the
council, the queue only for officers, and decisions with the API's error body for bad input."""

import pytest
from rest_framework.test import APIClient

from services.challenge.models import ChallengeStatus, Window
from tests.services.factories import council

from .factories import ANSWERS, draft, open_service, submitted

pytestmark = pytest.mark.django_db


def api(person=None) -> APIClient:
    client = APIClient()
    if person is not None:
        client.force_authenticate(person)
    return client


def test_public_challenges_show_the_body_service_and_dates_not_the_content(town):
    challenge = submitted(open_service(town))
    draft(open_service(town, reference="other"))
    body = api().get("/api/v1/challenges/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["body"]["name"] == challenge.organisation.name and row["service"]["name"] == "Youth clubs"
    assert row["status"] == "submitted" and row["decision_due_on"] == str(challenge.decision_due_on)
    assert row["days_left"] == 30 and row["decision"] is None
    assert "finances" not in row and ANSWERS["finances"] not in str(body)


def test_filters_and_their_bad_values(town):
    challenge = submitted(open_service(town))
    assert api().get(f"/api/v1/challenges/?service={challenge.service_id}").json()["count"] == 1
    assert api().get("/api/v1/challenges/?council=E08000024").json()["count"] == 1
    assert api().get("/api/v1/challenges/?status=accepted").json()["count"] == 0
    bad = api().get("/api/v1/challenges/?status=draft")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "status"
    bad = api().get("/api/v1/challenges/?service=twelve")
    assert bad.status_code == 400 and bad.json()["errors"][0]["message"].startswith("Enter the service's id")


def test_the_content_is_for_the_body_and_the_council_only(town):
    challenge = submitted(open_service(town))
    path = f"/api/v1/challenges/{challenge.pk}/content/"
    assert api(challenge.created_by).get(path).json()["finances"] == ANSWERS["finances"]
    assert api(town.officer).get(path).status_code == 200
    for person in (None, town.resident(), council("E08000021", "Newcastle").officer):
        assert api(person).get(path).status_code == 404


def test_the_queue_is_the_officers(town):
    submitted(open_service(town))
    assert api(town.officer).get("/api/v1/challenges/queue/").json()["count"] == 1
    assert api(council("E08000021", "Newcastle").officer).get("/api/v1/challenges/queue/").json()["count"] == 0
    assert api(town.resident()).get("/api/v1/challenges/queue/").status_code == 404


def test_an_officer_decides_through_the_api(town):
    challenge = submitted(open_service(town))
    path = f"/api/v1/challenges/{challenge.pk}/decision/"
    response = api(town.officer).post(path, {"decision": "reject", "grounds": ["frivolous"], "reasons": "No plan."},
                                      format="json")
    assert response.status_code == 200
    decision = response.json()["decision"]
    assert decision["outcome"] == ChallengeStatus.REJECTED and decision["grounds"][0]["code"] == "frivolous"


@pytest.mark.parametrize(("data", "field"), [
    ({"decision": "maybe"}, "decision"),
    ({"decision": "reject", "reasons": "No plan."}, "grounds"),
    ({"decision": "reject", "grounds": ["nonsense"], "reasons": "No plan."}, "grounds"),
    ({"decision": "accept", "minimum_months": 6, "maximum_months": 3}, "maximum_months"),
    ({"decision": "accept", "minimum_months": 6}, "maximum_months"),
    ({"decision": "accept", "minimum_months": "six", "maximum_months": 8}, "minimum_months"),
])
def test_bad_decisions_answer_400_with_the_field(town, data, field):
    challenge = submitted(open_service(town))
    response = api(town.officer).post(f"/api/v1/challenges/{challenge.pk}/decision/", data, format="json")
    assert response.status_code == 400
    assert field in {error["field"] for error in response.json()["errors"]}
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SUBMITTED


def test_only_the_council_decides_through_the_api(town):
    challenge = submitted(open_service(town))
    path = f"/api/v1/challenges/{challenge.pk}/decision/"
    data = {"decision": "accept", "minimum_months": 1, "maximum_months": 2}
    assert api().post(path, data, format="json").status_code == 403
    for person in (town.resident(), challenge.created_by, council("E08000021", "Newcastle").officer):
        assert api(person).post(path, data, format="json").status_code == 404


def test_windows_are_public(town):
    service = open_service(town)
    Window.objects.create(service=service, opens_on="2027-05-01", closes_on="2027-05-31")
    rows = api().get(f"/api/v1/challenges/windows/?service={service.pk}").json()["results"]
    assert rows == [{"id": rows[0]["id"], "service": service.pk, "opens_on": "2027-05-01", "closes_on": "2027-05-31"}]
