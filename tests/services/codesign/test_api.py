"""The co-design API: public and read-only processes with phases and budget, proposals with supports and costs,
and published results; no drafts, no email addresses, no voters."""

import pytest
from rest_framework.test import APIClient

from services.codesign.models import ProcessStatus, Support
from services.codesign.services import contribution_hide, result_compute, result_publish

from .factories import (
    ContributionFactory,
    ProcessFactory,
    ballot_for,
    budget_process,
    phases_around,
    proposal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_processes_are_listed_with_phases_budget_and_stage(api, service, town):
    process = budget_process(service, open_kind="vote", budget="5000", title="Youth clubs")
    ProcessFactory(service=service, status=ProcessStatus.DRAFT)
    data = api.get("/api/v1/co-design/processes/").json()
    assert data["count"] == 1
    row = data["results"][0]
    assert (row["slug"], row["stage"], row["current_phase"]) == (process.slug, "active", "vote")
    assert row["budget"] == {"amount": "5000.00", "voting_method": "knapsack", "approval_limit": None}
    assert [p["kind"] for p in row["phases"]] == ["ideas", "deliberation", "proposals", "vote", "implementation"]
    assert [p["state"] for p in row["phases"]] == ["ended", "ended", "ended", "open", "upcoming"]
    assert row["service"]["council_ons_code"] == "E08000024"
    assert row["url"].endswith(f"/services/co-design/{process.slug}/")


def test_processes_filter_by_council_service_and_stage(api, service):
    budget_process(service, open_kind="vote")
    assert api.get("/api/v1/co-design/processes/", {"council": "e08000024"}).json()["count"] == 1
    assert api.get("/api/v1/co-design/processes/", {"council": "E08000037"}).json()["count"] == 0
    assert api.get("/api/v1/co-design/processes/", {"stage": "finished"}).json()["count"] == 0
    assert api.get("/api/v1/co-design/processes/", {"stage": "active", "service": service.pk}).json()["count"] == 1


@pytest.mark.parametrize(("params", "field"), [({"council": "Sunderland"}, "council"),
                                               ({"stage": "soon"}, "stage"), ({"service": "x"}, "service")])
def test_bad_filters_answer_400_with_the_error_body(api, params, field):
    response = api.get("/api/v1/co-design/processes/", params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_drafts_are_nobodys_through_the_api(api, service):
    draft = ProcessFactory(service=service, status=ProcessStatus.DRAFT)
    for path in ("", "proposals/", "ideas/", "result/"):
        assert api.get(f"/api/v1/co-design/processes/{draft.slug}/{path}").status_code == 404


def test_proposals_give_supports_costs_and_authors_names_never_emails(api, service, town):
    process = budget_process(service, open_kind="proposals")
    author = town.resident(full_name="", preferred_name="")
    popular = proposal(process, cost="250.5", title="Benches", author=author)
    quiet = proposal(process, cost="100", title="Bins")
    for _ in range(2):
        Support.objects.create(contribution=popular, supporter=town.resident())
    hidden = proposal(process, title="Rude")
    contribution_hide(actor=town.officer, contribution=hidden, reason="Abusive")
    body = api.get(f"/api/v1/co-design/processes/{process.slug}/proposals/").json()
    rows = {r["id"]: r for r in body["results"]}
    assert body["results"][0]["id"] == popular.pk
    assert (rows[popular.pk]["supports"], rows[popular.pk]["cost"], rows[popular.pk]["authors"]) == (
        2, "250.50", ["A resident"])
    assert rows[quiet.pk]["on_ballot"] is True
    assert (rows[hidden.pk]["title"], rows[hidden.pk]["hidden_reason"], rows[hidden.pk]["on_ballot"]) == (
        None, "Abusive", False)
    assert author.email not in str(body)


def test_ideas_are_listed_too(api, service):
    process = ProcessFactory(service=service)
    phases_around(process, "ideas")
    ContributionFactory(process=process, kind="idea", title="Saturday club")
    rows = api.get(f"/api/v1/co-design/processes/{process.slug}/ideas/").json()["results"]
    assert [(r["kind"], r["title"], r["on_ballot"]) for r in rows] == [("idea", "Saturday club", False)]


def test_the_result_is_given_once_published_with_its_hash_and_downloads(api, service, town, officer):
    process = budget_process(service, open_kind=None, ended="vote", budget="1000")
    made = proposal(process, cost="400")
    ballot_for(process, town.resident(), [made])
    path = f"/api/v1/co-design/processes/{process.slug}/result/"
    assert api.get(path).status_code == 404
    result_compute(actor=officer, process=process)
    assert api.get(path).status_code == 404
    result = result_publish(actor=officer, process=process)
    data = api.get(path).json()
    assert (data["ballots"], data["total_selected"], data["data_sha256"]) == (1, "400.00", result.data_sha256)
    assert data["rows"] == [{"proposal": made.pk, "title": made.title, "cost": "400.00", "votes": 1, "rank": 1,
                             "selected": True, "running_total": "400.00"}]
    assert data["download_json"].endswith("/results/ballots.json")
    assert "greedy by votes" in data["counting_rule"].lower()


def test_the_api_only_reads(api, service, resident):
    process = budget_process(service, open_kind="vote")
    api.force_authenticate(resident)
    assert api.post("/api/v1/co-design/processes/", {}).status_code in (403, 405)
    assert api.delete(f"/api/v1/co-design/processes/{process.slug}/").status_code in (403, 405)


def test_a_page_of_processes_costs_the_same_queries_whatever_its_length(api, service, django_assert_max_num_queries):
    budget_process(service, open_kind="vote")
    with django_assert_max_num_queries(12) as few:
        api.get("/api/v1/co-design/processes/")
    for _ in range(5):
        budget_process(service, open_kind="vote")
    with django_assert_max_num_queries(len(few.captured_queries)):
        api.get("/api/v1/co-design/processes/")
