"""The parishes API: public proposals with petition counts and never names, the timeline and decision, active
parishes, areas as GeoJSON, filters and their errors, and a schema without warnings.

The module is its own urlconf: the project's URLs, plus the parishes API under /api/v1/ until parishes/urls.py
mounts it itself.
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import include, path
from django.utils import timezone

from covenant import urls as project_urls
from parishes import urls as parish_urls
from parishes.api import api_urlpatterns
from parishes.models import ProposalStatus, Proposer, ProposerRole, Review
from parishes.services import (
    add_months,
    consultation_close,
    consultation_open,
    review_decide,
    review_start,
)
from tests.accounts.factories import UserFactory

from .factories import ProposalFactory, SignatureFactory, neighbourhood, shifted, standard_power

urlpatterns = list(project_urls.urlpatterns)
if parish_urls.api_urlpatterns is not api_urlpatterns:
    urlpatterns.insert(0, path("api/v1/", include((api_urlpatterns, "api"))))

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

PROPOSALS = "/api/v1/parishes/proposals/"
ACTIVE = "/api/v1/parishes/active/"
AREAS = "/api/v1/parishes/areas.geojson"


def _decided(hood, *, decision=ProposalStatus.APPROVED_WITH_CONDITIONS, name="Hendon Pop-up Parish"):
    """A proposal taken through the council's services to its decision: with conditions, one of two powers
    granted and a budget cap."""
    now = timezone.now()
    proposal = ProposalFactory(
        name=name, created_by=hood.resident(), status=ProposalStatus.VALID, valid_at=now,
        published_at=now - datetime.timedelta(days=30), review_deadline=add_months(timezone.localdate(now), 12),
        electors_at_validity=600, threshold_at_validity=187, sunset_on=add_months(timezone.localdate(now), 24),
        powers=[standard_power(), standard_power("events-and-markets")],
    )
    proposal.covering_authorities.set([hood.local_authority])
    Proposer.objects.create(proposal=proposal, user=UserFactory(), role=ProposerRole.CO_PROPOSER)
    review_start(actor=hood.officer, proposal=proposal)
    review = consultation_open(actor=hood.officer, proposal=proposal)
    Review.objects.filter(pk=review.pk).update(consultation_closes_on=timezone.localdate())
    consultation_close(actor=hood.officer, proposal=proposal)
    conditions = {}
    if decision == ProposalStatus.APPROVED_WITH_CONDITIONS:
        conditions = {"granted_powers": [standard_power()], "budget_cap": 5000}
    review_decide(actor=hood.officer, proposal=proposal, decision=decision, reasons="A well-supported plan.",
                  **conditions)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def world(hood):
    """A draft, an open petition with three signatures (one withdrawn), a parish approved with conditions, and
    a petition in another council's area."""
    hood.electors(600)
    draft = ProposalFactory(name="Secret Draft Parish", powers=[standard_power()])
    petition = ProposalFactory(name="Ashbrooke Petition", status=ProposalStatus.PUBLISHED,
                               powers=[standard_power()])
    petition.covering_authorities.set([hood.local_authority])
    signers = [hood.resident() for _ in range(4)]
    for signer in signers:
        SignatureFactory(proposal=petition, signer=signer)
    petition.signatures.filter(signer=signers[-1]).update(withdrawn_at=timezone.now())
    parish = _decided(hood)
    durham = neighbourhood("E06000047", "County Durham", inside="DH1 1AA", outside="DH9 9AA")
    elsewhere = ProposalFactory(name="Durham Petition", status=ProposalStatus.PUBLISHED, area=shifted(dy=0.5),
                                min_latitude=55.40, max_latitude=55.41)
    elsewhere.covering_authorities.set([durham.local_authority])
    return {"draft": draft, "petition": petition, "parish": parish, "elsewhere": elsewhere, "signers": signers}


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


def assert_no_names(response, people) -> None:
    for person in people:
        assert person.full_name not in response.content.decode()
        assert person.email not in response.content.decode()


def assert_error_body(response, field: str) -> None:
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid"
    assert [error["field"] for error in body["errors"]] == [field]


class TestProposals:
    def test_the_list_shows_public_proposals_with_counts_and_no_drafts(self, client, world):
        response = client.get(PROPOSALS)
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 3
        assert set(names(response)) == {"Ashbrooke Petition", "Hendon Pop-up Parish", "Durham Petition"}
        assert "Secret Draft Parish" not in response.content.decode()
        petition = next(row for row in body["results"] if row["slug"] == world["petition"].slug)
        assert petition["status"] == "published"
        assert petition["petition"] == {"signatures": 3, "electors": 600, "threshold": 187, "remaining": 184,
                                        "valid_on": None}
        assert petition["covering_authorities"] == [{"code": "E08000024", "name": "Sunderland"}]
        assert petition["url"].endswith(f"/parishes/{world['petition'].slug}/")
        assert petition["sunset_on"] == world["petition"].sunset_on.isoformat()
        assert petition["powers"] == [{"slug": "green-spaces", "name": standard_power().name,
                                       "justification": "The park needs care.", "granted": None}]
        assert petition["powers_granted"] == []
        assert_no_names(response, world["signers"])

    def test_a_decided_proposal_in_full(self, client, world):
        parish = world["parish"]
        response = client.get(f"{PROPOSALS}{parish.slug}/")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "approved_with_conditions"
        assert body["petition"]["valid_on"] == timezone.localdate().isoformat()
        assert body["petition"]["threshold"] == 187
        assert body["review_deadline"] == parish.review_deadline.isoformat()
        assert body["review_days_left"] is None  # decided, so no longer counted
        assert {p["slug"]: p["granted"] for p in body["powers"]} == {"green-spaces": True,
                                                                     "events-and-markets": False}
        assert body["powers_granted"] == ["green-spaces"]
        decision = body["decision"]
        assert decision["decision"] == "approved_with_conditions"
        assert decision["reasons"] == "A well-supported plan."
        assert decision["council"] == {"code": "E08000024", "name": "Sunderland"}
        assert decision["budget_cap"] == "5000.00"
        assert any("£5,000.00" in condition for condition in decision["conditions"])
        kinds = [step["kind"] for step in body["timeline"]]
        assert kinds == ["published", "valid", "review_started", "consultation_opened", "consultation_closed",
                         "decided"]
        assert all(step["at"] for step in body["timeline"])
        # The officer who decided is never named; only the council is.
        assert_no_names(response, [world["parish"].review.decided_by])

    def test_an_open_petition_has_no_decision_and_a_draft_is_not_found(self, client, world):
        body = client.get(f"{PROPOSALS}{world['petition'].slug}/").json()
        assert body["decision"] is None
        assert [step["kind"] for step in body["timeline"]] == ["published"]
        draft = client.get(f"{PROPOSALS}{world['draft'].slug}/")
        assert draft.status_code == 404
        assert draft.json()["status"] == 404
        # Not even its own proposer sees a draft through the public API.
        client.force_login(world["draft"].created_by)
        assert client.get(f"{PROPOSALS}{world['draft'].slug}/").status_code == 404

    def test_filters(self, client, world):
        assert names(client.get(PROPOSALS, {"status": "published", "ordering": "name"})) == [
            "Ashbrooke Petition", "Durham Petition"]
        assert names(client.get(PROPOSALS, {"status": ["published", "approved_with_conditions"]})) != []
        assert sorted(names(client.get(PROPOSALS, {"local_authority": "e08000024"}))) == [
            "Ashbrooke Petition", "Hendon Pop-up Parish"]
        assert names(client.get(PROPOSALS, {"local_authority": "E06000047"})) == ["Durham Petition"]
        assert names(client.get(PROPOSALS, {"local_authority": "E09000001"})) == []
        assert names(client.get(PROPOSALS, {"name": "ashbrooke"})) == ["Ashbrooke Petition"]

    def test_bad_filter_values_answer_the_error_body(self, client, world):
        assert_error_body(client.get(PROPOSALS, {"status": "draft"}), "status")
        assert_error_body(client.get(PROPOSALS, {"status": "nonsense"}), "status")
        assert_error_body(client.get(PROPOSALS, {"local_authority": "Sunderland"}), "local_authority")

    def test_paginated(self, client, world):
        body = client.get(PROPOSALS, {"page_size": 2}).json()
        assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
        assert client.get(PROPOSALS, {"page": 9}).status_code == 404

    def test_read_only(self, client, world):
        client.force_login(world["parish"].created_by)
        assert client.post(PROPOSALS, {"name": "New"}).status_code in (403, 405)
        assert client.delete(f"{PROPOSALS}{world['parish'].slug}/").status_code in (403, 405)


class TestActiveParishes:
    def test_only_parishes_holding_powers_today(self, client, world, hood):
        ended = ProposalFactory(name="Ended Parish", status=ProposalStatus.ENDED,
                                sunset_on=timezone.localdate() - datetime.timedelta(days=3))
        lapsed = ProposalFactory(name="Lapsed Parish", status=ProposalStatus.APPROVED,
                                 sunset_on=timezone.localdate() - datetime.timedelta(days=1))
        response = client.get(ACTIVE)
        assert response.status_code == 200
        assert names(response) == ["Hendon Pop-up Parish"]
        row = response.json()["results"][0]
        assert row["powers_granted"] == ["green-spaces"]
        assert row["sunset_on"] == world["parish"].sunset_on.isoformat()
        assert ended.name not in response.content.decode() and lapsed.name not in response.content.decode()
        assert names(client.get(ACTIVE, {"local_authority": "E06000047"})) == []
        assert_error_body(client.get(ACTIVE, {"local_authority": "x"}), "local_authority")


class TestAreas:
    def test_a_feature_collection_of_public_areas(self, client, world):
        response = client.get(AREAS)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/geo+json")
        body = response.json()
        assert body["type"] == "FeatureCollection"
        assert "next" not in body
        by_slug = {feature["id"]: feature for feature in body["features"]}
        assert set(by_slug) == {world["petition"].slug, world["parish"].slug, world["elsewhere"].slug}
        feature = by_slug[world["parish"].slug]
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Polygon"
        assert feature["geometry"]["coordinates"][0][0] == [-1.39, 54.90]
        assert feature["properties"] == {
            "name": "Hendon Pop-up Parish", "slug": world["parish"].slug, "status": "approved_with_conditions",
            "status_label": "Approved with conditions",
            "url": f"http://testserver/parishes/{world['parish'].slug}/",
            "sunset_on": world["parish"].sunset_on.isoformat(),
        }

    def test_plain_json_on_request(self, client, world):
        response = client.get(AREAS, HTTP_ACCEPT="application/json")
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["type"] == "FeatureCollection"

    def test_filters_and_their_errors(self, client, world):
        def ids(**params):
            return sorted(f["id"] for f in client.get(AREAS, params).json()["features"])

        assert ids(local_authority="E06000047") == [world["elsewhere"].slug]
        assert ids(status="approved_with_conditions") == [world["parish"].slug]
        assert ids(status="published", local_authority="E08000024") == [world["petition"].slug]
        assert ids(local_authority="W06000001") == []
        response = client.get(AREAS, {"status": "draft"})
        assert_error_body(response, "status")
        assert_error_body(client.get(AREAS, {"local_authority": "1234"}), "local_authority")


def test_the_schema_has_no_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--urlconf", __name__, "--file", str(target))
    text = target.read_text()
    for route in ("/api/v1/parishes/proposals/", "/api/v1/parishes/proposals/{slug}/", "/api/v1/parishes/active/",
                  "/api/v1/parishes/areas.geojson"):
        assert f"{route}:" in text
    assert "application/geo+json" in text


class TestListCost:
    """A page of open petitions counts their electors together, so more petitions cost no more queries."""

    def _open_petitions(self, hood, count: int) -> list:
        petitions = []
        for n in range(count):
            petition = ProposalFactory(name=f"Open Petition {n}", status=ProposalStatus.PUBLISHED,
                                       powers=[standard_power()])
            petition.covering_authorities.set([hood.local_authority])
            SignatureFactory(proposal=petition, signer=hood.resident())
            petitions.append(petition)
        return petitions

    def _queries(self, client) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(PROPOSALS).status_code == 200
        return len(captured)

    def test_the_queries_do_not_grow_with_the_petitions(self, client, hood):
        hood.electors(600)
        self._open_petitions(hood, 2)
        few = self._queries(client)
        self._open_petitions(hood, 6)
        assert self._queries(client) == few

    def test_each_petition_is_counted_as_it_would_be_alone(self, client, hood):
        from parishes import selectors

        hood.electors(600)
        near, far = self._open_petitions(hood, 2)
        durham = neighbourhood("E06000047", "County Durham", inside="DH1 1AA", outside="DH9 9AA")
        far.area = shifted(dy=0.5)
        far.save(update_fields=["area"])
        durham.electors(3000)  # a second ward with a postcode inside the near petition's area
        rows = {row["slug"]: row["petition"] for row in client.get(PROPOSALS).json()["results"]}
        assert rows[near.slug]["electors"] == 3600 and rows[far.slug]["electors"] == 0
        for proposal in (near, far):
            alone = selectors.petition_progress(proposal)
            assert rows[proposal.slug]["electors"] == alone.electors
            assert rows[proposal.slug]["threshold"] == alone.threshold
            assert rows[proposal.slug]["signatures"] == 1
