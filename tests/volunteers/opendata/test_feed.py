"""The open-data feed: the standard's JSON-LD shape, published needs only, no personal data, bounded queries."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.organisations.factories import OrganisationFactory
from tests.volunteers.factories import CauseFactory, NeedFactory, ShiftFactory, SkillFactory
from volunteers.models import (
    CredentialKind,
    DBSLevel,
    LocationKind,
    NeedCheck,
    NeedStatus,
    TaxonomySource,
)
from volunteers.selectors.opendata import opendata_term_iri

pytestmark = pytest.mark.django_db
FEED = "/api/v1/volunteering/opendata/feed/"


@pytest.fixture
def api():
    return APIClient()


def _need(**kwargs):
    need = NeedFactory(**kwargs)
    ShiftFactory(need=need)
    return need


def _full_need():
    cause = CauseFactory(slug="anti-poverty", name="Anti-Poverty", source=TaxonomySource.VOLUNTEERING_DATA)
    need = _need(cause=cause, minimum_age=18, address="Hope Hall\n12 High Street", postcode="SR1 1AD",
                 location_kind=LocationKind.ADDRESS, contact_name="Jo Bloggs", contact_email="jo.bloggs@example.com",
                 contact_phone="07700900123", expenses_reimbursed=True, training_provided=True)
    need.skills.add(SkillFactory(slug="empathy", name="Empathy and compassion",
                                 source=TaxonomySource.VOLUNTEERING_DATA))
    need.skills.add(SkillFactory(slug="driving-b", name="Car (licence category B)", source=TaxonomySource.COVENANT))
    NeedCheck.objects.create(need=need, kind=CredentialKind.DBS, dbs_level=DBSLevel.ENHANCED)
    NeedCheck.objects.create(need=need, kind=CredentialKind.IDENTITY)
    NeedCheck.objects.create(need=need, kind=CredentialKind.TRAINING, title="Food hygiene")
    return need


def _keys(node) -> set:
    return set(node) if isinstance(node, dict) else set()


def test_feed_carries_the_standards_metadata(api):
    _full_need()
    body = api.get(FEED).json()
    assert body["@context"] == "https://api.volunteeringdata.io/context/v1"
    assert body["conformsTo"] == "https://ns.volunteeringdata.io/"
    assert body["license"] == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    assert body["publisher"]["name"]
    assert body["modified"] == timezone.localdate().isoformat()
    assert body["count"] == 1


def test_feed_answers_json_ld(api):
    _need()
    response = api.get(FEED, HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert json.loads(response.content)["graph"]


def test_feed_shape_matches_the_publishing_guide(api, shared_dir):
    """Every key the feed writes for an organisation, activity, role, session and location is one the guide's
    examples use, nested the same way, and values have the examples' types."""
    guide = shared_dir / "standards" / "volunteering-data"
    example = json.loads((guide / "publishing-example-1.json").read_text())
    single = json.loads((guide / "publishing-example-2.json").read_text())
    organisations = example["graph"] + [single]
    activities = [a for o in organisations for a in o["activity"]]
    roles = [r for a in activities for r in a["role"]]
    sessions = [s for a in activities for s in a["session"]]
    # Sessions with dated times take the activity example's {beginning, end}.
    timed = json.loads((guide / "activity-example.json").read_text())["@graph"][0]["session"][0]["time"][0]
    allowed = {
        "organisation": set().union(*map(_keys, organisations)) - {"@context"},
        "activity": set().union(*map(_keys, activities)),
        "role": set().union(*map(_keys, roles)),
        "session": set().union(*map(_keys, sessions)),
        "location": set().union(*(_keys(s["location"]) for s in sessions)),
        "time": set(timed),
    }

    _full_need()
    feed = api.get(FEED).json()
    assert "graph" in example and "graph" in feed
    organisation = feed["graph"][0]
    assert organisation["type"] == "Organisation"
    assert _keys(organisation) <= allowed["organisation"]
    assert {"type", "id", "name", "description", "cause", "activity"} <= _keys(organisation)
    activity = organisation["activity"][0]
    assert _keys(activity) == allowed["activity"]
    role = activity["role"][0]
    assert _keys(role) <= allowed["role"]
    assert {"title", "description", "commitment", "applyLink", "allowsRemoteParticipation", "minimumAge",
            "requirement", "reward", "skill"} <= _keys(role)
    session = activity["session"][0]
    assert _keys(session) == allowed["session"]
    assert _keys(session["location"]) == allowed["location"]
    assert _keys(session["time"][0]) == allowed["time"]
    # Types as in the guide: IRIs as strings in lists, the age and coordinates as strings, remote as a boolean.
    example_role = roles[0]
    for key in ("requirement", "reward", "skill"):
        assert all(isinstance(iri, str) for iri in role[key])
        assert all(iri.startswith("https://ns.volunteeringdata.io/") for iri in example_role.get(key, []))
    assert isinstance(role["minimumAge"], str) and isinstance(example_role["minimumAge"], str)
    assert isinstance(role["allowsRemoteParticipation"], bool)
    assert isinstance(session["location"]["latitude"], str)


def test_terms_map_to_the_standards_iris(api, shared_dir):
    guide = shared_dir / "standards" / "volunteering-data"
    example = json.loads((guide / "publishing-example-1.json").read_text())
    # The guide's own IRIs come out of the same naming rule from the taxonomy's terms.
    assert opendata_term_iri("Anti-Poverty") in example["graph"][0]["cause"]
    assert opendata_term_iri("Empathy and compassion") in example["graph"][0]["activity"][0]["role"][0]["skill"]
    assert opendata_term_iri("DBS Check") in example["graph"][0]["activity"][0]["role"][0]["requirement"]
    requirements = (guide / "taxonomy-requirement.csv").read_text()
    assert "Legal,ID Check" in requirements and "Legal,DBS Check" in requirements

    _full_need()
    organisation = api.get(FEED).json()["graph"][0]
    role = organisation["activity"][0]["role"][0]
    assert organisation["cause"] == ["https://ns.volunteeringdata.io/AntiPoverty"]
    assert role["requirement"] == ["https://ns.volunteeringdata.io/DBSCheck", "https://ns.volunteeringdata.io/IDCheck"]
    # The standard's skill by its term; Covenant's own skill by an address on the open-data page, which lists it.
    assert role["skill"][1] == "https://ns.volunteeringdata.io/EmpathyAndCompassion"
    assert role["skill"][0].endswith(reverse("volunteers:opendata-page") + "#skill-driving-b")
    # Rewards by the guide's own IRIs.
    example_rewards = set(example["graph"][0]["activity"][0]["role"][0]["reward"])
    assert role["reward"] == ["https://ns.volunteeringdata.io/ExpensesReimbursed",
                              "https://ns.volunteeringdata.io/TrainingProvided"]
    assert set(role["reward"]) == example_rewards


def test_needs_offering_nothing_have_no_rewards(api):
    _need()
    assert "reward" not in api.get(FEED).json()["graph"][0]["activity"][0]["role"][0]


def test_commitment_names_a_weekly_pattern(api):
    need = NeedFactory()
    # Tuesdays 10am to 1pm, London time, three weeks running (across no clock change: November).
    first = timezone.make_aware(datetime.datetime(2030, 11, 5, 10, 0))
    for week in range(3):
        starts = first + datetime.timedelta(weeks=week)
        ShiftFactory(need=need, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    role = api.get(FEED).json()["graph"][0]["activity"][0]["role"][0]
    assert role["commitment"] == "Every Tuesday, 10am to 1pm (3 upcoming sessions)"


@pytest.mark.parametrize("gap_days, hours", [(6, 3), (7, 2)])
def test_commitment_counts_sessions_when_there_is_no_pattern(api, gap_days, hours):
    need = NeedFactory()
    first = timezone.make_aware(datetime.datetime(2030, 11, 5, 10, 0))
    ShiftFactory(need=need, starts_at=first, ends_at=first + datetime.timedelta(hours=3))
    second = first + datetime.timedelta(days=gap_days)
    ShiftFactory(need=need, starts_at=second, ends_at=second + datetime.timedelta(hours=hours))
    role = api.get(FEED).json()["graph"][0]["activity"][0]["role"][0]
    assert role["commitment"] == "2 upcoming sessions"


def test_location_and_times(api):
    need = _full_need()
    shift = need.shifts.get()
    session = api.get(FEED).json()["graph"][0]["activity"][0]["session"][0]
    assert session["location"] == {"name": need.organisation.name, "address": "Hope Hall, 12 High Street, SR1 1AD",
                                   "latitude": "54.9061", "longitude": "-1.3811"}
    assert datetime.datetime.fromisoformat(session["time"][0]["beginning"]) == shift.starts_at
    assert datetime.datetime.fromisoformat(session["time"][0]["end"]) == shift.ends_at


def test_remote_needs_have_no_location(api):
    _need(location_kind=LocationKind.REMOTE, postcode="", latitude=None, longitude=None)
    activity = api.get(FEED).json()["graph"][0]["activity"][0]
    assert activity["role"][0]["allowsRemoteParticipation"] is True
    assert "location" not in activity["session"][0]


def test_activities_link_to_the_needs_public_page(api, settings):
    need = _need()
    activity = api.get(FEED).json()["graph"][0]["activity"][0]
    page = settings.SITE_URL + reverse("volunteers:search-need", kwargs={"pk": need.pk})
    assert activity["id"] == page and activity["role"][0]["applyLink"] == page


def test_past_shifts_are_left_out(api):
    need = _need()
    past = timezone.now() - datetime.timedelta(days=3)
    ShiftFactory(need=need, starts_at=past, ends_at=past + datetime.timedelta(hours=2))
    activity = api.get(FEED).json()["graph"][0]["activity"][0]
    assert len(activity["session"]) == 1


@pytest.mark.parametrize("status", [NeedStatus.DRAFT, NeedStatus.PAUSED, NeedStatus.FULL, NeedStatus.CLOSED])
def test_only_published_needs_appear(api, status):
    hidden = _need(status=status, title="Hidden need")
    shown = _need(title="Shown need")
    body = api.get(FEED).json()
    titles = [a["title"] for o in body["graph"] for a in o["activity"]]
    assert titles == [shown.title]
    assert hidden.title not in json.dumps(body)
    assert body["count"] == 1


def test_needs_of_unverified_organisations_do_not_appear(api):
    _need(organisation=OrganisationFactory())
    body = api.get(FEED).json()
    assert body["graph"] == [] and body["count"] == 0


def test_no_personal_data(api):
    need = _full_need()
    text = api.get(FEED).content.decode()
    for personal in ("Jo Bloggs", "jo.bloggs@example.com", "07700900123", need.created_by.email,
                     need.organisation.contact_email):
        assert personal not in text


def test_an_organisation_embeds_all_its_needs(api):
    first = _need(title="Packing")
    _need(organisation=first.organisation, title="Delivering")
    _need(title="Elsewhere")
    graph = api.get(FEED).json()["graph"]
    assert len(graph) == 2
    assert sorted(a["title"] for a in graph[0]["activity"] + graph[1]["activity"]) == [
        "Delivering", "Elsewhere", "Packing"]
    assert any(len(o["activity"]) == 2 for o in graph)


def test_pagination(api):
    for n in range(5):
        _need(title=f"Need {n}")
    first = api.get(FEED, {"page_size": 2}).json()
    assert first["count"] == 5 and first["previous"] is None and first["next"]
    assert sum(len(o["activity"]) for o in first["graph"]) == 2
    seen = []
    url = FEED + "?page_size=2"
    while url:
        page = api.get(url).json()
        seen += [a["title"] for o in page["graph"] for a in o["activity"]]
        url = page["next"]
    assert sorted(seen) == [f"Need {n}" for n in range(5)]


@pytest.mark.parametrize("page", ["99", "0", "last-but-one", "-1"])
def test_bad_page_is_a_clear_404(api, page):
    _need()
    response = api.get(FEED, {"page": page})
    assert response.status_code == 404
    body = response.json()
    assert body["status"] == 404 and body["message"]


def test_bad_page_size_falls_back_to_the_default(api):
    _need()
    response = api.get(FEED, {"page_size": "lots"})
    assert response.status_code == 200 and response.json()["count"] == 1


def test_query_count_does_not_grow_with_the_page(api, django_assert_max_num_queries):
    for n in range(12):
        need = _full_need() if n == 0 else _need(title=f"Need {n}")
        ShiftFactory(need=need)
    with django_assert_max_num_queries(6):
        body = api.get(FEED, {"page_size": 200}).json()
    assert body["count"] == 12


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_feed_is_read_only(api, method, django_user_model):
    _need()
    assert getattr(api, method)(FEED, {}, format="json").status_code == 405


def test_open_data_page_explains_the_feed(client):
    _need()
    SkillFactory(slug="driving-b", name="Car (licence category B)", source=TaxonomySource.COVENANT)
    response = client.get(reverse("volunteers:opendata-page"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "http://testserver/api/v1/volunteering/opendata/feed/" in page
    assert "Open Government Licence v3.0" in page
    assert 'id="skill-driving-b"' in page
    assert "There is 1 published opportunity" in page


def test_open_data_page_accepts_get_only(client):
    assert client.post(reverse("volunteers:opendata-page")).status_code == 405
