"""The residents' parish pages: the public list and proposal pages, drafting, publishing, signing and joining."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from parishes.models import (
    FoundingMember,
    Proposal,
    ProposalStatus,
    Proposer,
    RequestedPower,
    Signature,
)
from parishes.services import add_months
from tests.accounts.factories import UserFactory

from .factories import AREA, ProposalFactory, SignatureFactory, in_a_year, shifted, standard_power

LIST = reverse("parishes:list")
START = reverse("parishes:start")
YOURS = reverse("parishes:yours")


def url(name, proposal):
    return reverse(f"parishes:{name}", kwargs={"slug": proposal.slug})


def date_fields(day):
    return {"sunset_on_0": day.day, "sunset_on_1": day.month, "sunset_on_2": day.year}


@pytest.fixture
def draft(hood):
    return ProposalFactory(created_by=hood.resident())


@pytest.fixture
def published(hood):
    proposal = ProposalFactory(created_by=hood.resident(), status=ProposalStatus.PUBLISHED,
                               powers=[standard_power()])
    proposal.covering_authorities.add(hood.local_authority)
    return proposal


# The public list ---------------------------------------------------------------------------------------------

def test_the_list_shows_published_proposals_on_a_map_and_never_drafts(client, draft, published):
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert published.name in html and draft.name not in html
    assert "data-areas-map" in html and url("proposal", published) in html
    # Anonymous people are asked to sign in rather than offered the form.
    assert START not in html and "Sign in to propose" in html


def test_the_list_offers_residents_a_proposal(client, hood):
    client.force_login(hood.resident())
    html = client.get(LIST).content.decode()
    assert START in html and YOURS in html


def test_the_list_reads_a_fixed_number_of_queries(client, hood, django_assert_max_num_queries):
    for _ in range(5):
        ProposalFactory(status=ProposalStatus.PUBLISHED)
    # Session-less anonymous page: the proposals with their counts in one query, whatever their number.
    with django_assert_max_num_queries(3):
        assert client.get(LIST).status_code == 200


# Starting and editing a draft ----------------------------------------------------------------------------------

def test_a_resident_starts_a_proposal_with_the_constitution_template(client, hood):
    person = hood.resident()
    client.force_login(person)
    assert client.get(START).status_code == 200
    response = client.post(START, {"name": "Hendon Pop-up Parish", "purpose": "Run the summer fair."})
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == url("draft", proposal)
    assert proposal.is_draft and proposal.created_by == person
    assert "Constitution of Hendon Pop-up Parish" in proposal.constitution


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "", "purpose": "A fair."}, "Enter the name of the pop-up parish"),
    ({"name": "Hendon", "purpose": ""}, "Enter what the pop-up parish is for"),
    ({"name": "x" * 151, "purpose": "A fair."}, "Name must be 150 characters or fewer"),
])
def test_starting_with_bad_input_says_what_to_fix_and_saves_nothing(client, hood, data, message):
    client.force_login(hood.resident())
    response = client.post(START, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert not Proposal.objects.exists()


def test_people_without_a_confirmed_email_cannot_start(client, db):
    client.force_login(UserFactory(verified=False))
    assert client.get(START).status_code == 404
    assert client.post(START, {"name": "Hendon", "purpose": "A fair."}).status_code == 404
    assert not Proposal.objects.exists()


def test_the_task_list_says_what_blocks_publishing(client, hood):
    proposal = ProposalFactory(created_by=hood.resident(), area=None, sunset_on=None)
    client.force_login(proposal.created_by)
    html = client.get(url("draft", proposal)).content.decode()
    assert "Not yet started" in html and "Draw the area to count who lives in it" in html
    assert url("join", proposal) in html  # the link to share with the founding group


def test_the_task_list_of_a_ready_draft_counts_residents_of_the_area(client, ready_draft):
    client.force_login(ready_draft.created_by)
    html = client.get(url("draft", ready_draft)).content.decode()
    assert "21 of 21 residents of the area needed" in html
    assert "Everything is ready" in html


def test_the_lead_proposer_changes_the_name_and_purpose(client, draft):
    client.force_login(draft.created_by)
    assert client.get(url("details", draft)).status_code == 200
    response = client.post(url("details", draft), {"name": "Millfield Parish", "purpose": "Keep the park."})
    assert response.status_code == 302 and response.url == url("draft", draft)
    draft.refresh_from_db()
    assert draft.name == "Millfield Parish" and draft.purpose == "Keep the park."


def test_the_area_is_drawn_and_saved(client, draft):
    client.force_login(draft.created_by)
    page = client.get(url("area", draft)).content.decode()
    assert "data-area-input" in page and "dist/areas.js" in page
    moved = shifted(dx=0.01)
    response = client.post(url("area", draft), {"area": json.dumps(moved)})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.min_longitude == pytest.approx(-1.38)


BOWTIE = {"type": "Polygon", "coordinates": [[[-1.39, 54.90], [-1.37, 54.91], [-1.37, 54.90], [-1.39, 54.91],
                                              [-1.39, 54.90]]]}
PARIS = {"type": "Polygon", "coordinates": [[[2.33, 48.85], [2.36, 48.85], [2.36, 48.87], [2.33, 48.85]]]}


@pytest.mark.parametrize(("area", "message"), [
    ("", "Draw the area on the map or enter it as GeoJSON"),
    ("{not json", "Enter the area as GeoJSON"),
    (json.dumps({"type": "Point", "coordinates": [-1.38, 54.9]}), "must be a Polygon or MultiPolygon"),
    # The service's shapely checks, shown against the same field.
    (json.dumps(BOWTIE), "cross"),
    (json.dumps(PARIS), "must be in the United Kingdom"),
])
def test_a_bad_area_is_said_against_the_area_field_and_nothing_changes(client, draft, area, message):
    client.force_login(draft.created_by)
    response = client.post(url("area", draft), {"area": area})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert 'href="#id_area"' in html
    draft.refresh_from_db()
    assert draft.area == AREA


def test_the_area_is_made_from_postcodes(client, draft, hood):
    client.force_login(draft.created_by)
    assert client.get(url("area-postcodes", draft)).status_code == 200
    response = client.post(url("area-postcodes", draft), {"postcodes": "sr2 8aa,\n"})
    assert response.status_code == 302 and response.url == url("area", draft)
    draft.refresh_from_db()
    # The postcode's point widened by 100 metres: a small area round it, inside the old square.
    assert draft.area != AREA
    assert draft.min_latitude < hood.inside.latitude < draft.max_latitude


@pytest.mark.parametrize(("postcodes", "message"), [
    ("", "Enter at least one postcode the area covers"),
    ("SR2 8AA\nnot a postcode", "not a postcode is not a real postcode"),
    ("SR1 1AA", "We cannot find SR1 1AA, or it is no longer in use"),
])
def test_bad_postcodes_for_the_area_say_which_and_nothing_changes(client, draft, postcodes, message):
    client.force_login(draft.created_by)
    response = client.post(url("area-postcodes", draft), {"postcodes": postcodes})
    assert response.status_code == 200
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert draft.area == AREA


def test_the_sunset_date_is_saved(client, draft):
    client.force_login(draft.created_by)
    assert client.get(url("sunset", draft)).status_code == 200
    day = add_months(timezone.localdate(), 18)
    assert client.post(url("sunset", draft), date_fields(day)).status_code == 302
    draft.refresh_from_db()
    assert draft.sunset_on == day


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Enter the sunset date"),
    ({"sunset_on_0": "31", "sunset_on_1": "2", "sunset_on_2": "2028"}, "The sunset date must be a real date"),
    ({"sunset_on_0": "1", "sunset_on_1": "", "sunset_on_2": "2028"}, "must include a month"),
    (date_fields(timezone.localdate() + datetime.timedelta(days=30)), "The sunset date must be between"),
    (date_fields(add_months(timezone.localdate(), 40)), "The sunset date must be between"),
])
def test_a_bad_sunset_date_says_what_to_fix_and_nothing_changes(client, draft, data, message):
    client.force_login(draft.created_by)
    before = draft.sunset_on
    response = client.post(url("sunset", draft), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert draft.sunset_on == before


def test_powers_are_chosen_each_with_a_justification(client, draft):
    power = standard_power()
    client.force_login(draft.created_by)
    page = client.get(url("powers", draft)).content.decode()
    assert power.name in page
    response = client.post(url("powers", draft), {f"power_{power.pk}": "on",
                                                   f"justification_{power.pk}": "The park is neglected."})
    assert response.status_code == 302
    requested = RequestedPower.objects.get(proposal=draft)
    assert requested.power == power and requested.justification == "The park is neglected."


def test_a_power_without_a_justification_or_no_power_at_all_is_refused(client, draft):
    power = standard_power()
    client.force_login(draft.created_by)
    html = client.post(url("powers", draft), {f"power_{power.pk}": "on"}).content.decode()
    assert f"Say why the parish needs {power.name}" in html
    html = client.post(url("powers", draft), {}).content.decode()
    assert "Choose at least one power or freedom the parish asks for" in html
    assert not RequestedPower.objects.filter(proposal=draft).exists()


def test_the_constitution_is_edited_and_cannot_be_emptied(client, draft):
    client.force_login(draft.created_by)
    assert "Our constitution." in client.get(url("constitution", draft)).content.decode()
    html = client.post(url("constitution", draft), {"constitution": "  "}).content.decode()
    assert "Enter the constitution" in html
    draft.refresh_from_db()
    assert draft.constitution == "Our constitution."
    assert client.post(url("constitution", draft), {"constitution": "1. Name."}).status_code == 302
    draft.refresh_from_db()
    assert draft.constitution == "1. Name."


def test_the_lead_proposer_adds_a_co_proposer_by_email(client, draft, hood):
    other = hood.resident()
    client.force_login(draft.created_by)
    assert client.get(url("coproposers", draft)).status_code == 200
    response = client.post(url("coproposers", draft), {"email": other.email.upper()})
    assert response.status_code == 302
    assert Proposer.objects.filter(proposal=draft, user=other).exists()
    assert FoundingMember.objects.filter(proposal=draft, user=other).exists()


@pytest.mark.parametrize(("email", "message"), [
    ("", "Enter the co-proposer&#x27;s email address"),
    ("not-an-email", "Enter an email address in the correct format"),
    ("nobody@example.org", "must have a Covenant account with a confirmed email address"),
])
def test_bad_co_proposers_are_refused(client, draft, email, message):
    client.force_login(draft.created_by)
    response = client.post(url("coproposers", draft), {"email": email})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert draft.proposers.count() == 1


def test_a_co_proposer_is_not_added_twice_and_only_the_lead_adds(client, draft, hood):
    client.force_login(draft.created_by)
    html = client.post(url("coproposers", draft), {"email": draft.created_by.email}).content.decode()
    assert "already a proposer" in html
    co = hood.resident()
    Proposer.objects.create(proposal=draft, user=co)
    client.force_login(co)
    assert client.get(url("coproposers", draft)).status_code == 200
    assert client.post(url("coproposers", draft), {"email": hood.resident().email}).status_code == 404
    assert draft.proposers.count() == 2


# Publishing ---------------------------------------------------------------------------------------------------

def test_a_ready_draft_is_checked_and_published(client, ready_draft):
    client.force_login(ready_draft.created_by)
    page = client.get(url("publish", ready_draft)).content.decode()
    assert "Check your proposal before you publish it" in page and "The park needs care." in page
    response = client.post(url("publish", ready_draft))
    assert response.status_code == 302 and response.url == url("proposal", ready_draft)
    ready_draft.refresh_from_db()
    assert ready_draft.status == ProposalStatus.PUBLISHED
    # Once published, the tasks send proposers to the public page and the question pages are gone.
    assert client.get(url("draft", ready_draft)).url == url("proposal", ready_draft)
    assert client.get(url("area", ready_draft)).status_code == 404


def test_publishing_an_incomplete_draft_lists_every_problem_with_where_to_fix_it(client, draft):
    client.force_login(draft.created_by)
    response = client.post(url("publish", draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose at least one power" in html and f'href="{url("powers", draft)}"' in html
    assert "The founding group needs at least 21 residents of the area" in html
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT and draft.published_at is None


# Who may not -------------------------------------------------------------------------------------------------

DRAFT_PAGES = ("draft", "details", "area", "area-postcodes", "sunset", "powers", "constitution", "coproposers", "publish")


@pytest.mark.parametrize("name", DRAFT_PAGES)
def test_a_draft_is_the_same_404_as_a_missing_proposal_to_everyone_else(client, draft, hood, name):
    client.force_login(hood.resident())
    assert client.get(url(name, draft)).status_code == 404
    assert client.post(url(name, draft), {"name": "Taken", "purpose": "x"}).status_code == 404
    assert client.get(reverse(f"parishes:{name}", kwargs={"slug": "no-such-parish"})).status_code == 404
    draft.refresh_from_db()
    assert draft.name != "Taken" and draft.is_draft


@pytest.mark.parametrize("name", (*DRAFT_PAGES, "join"))
def test_anonymous_people_are_sent_to_sign_in(client, draft, name):
    response = client.get(url(name, draft))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_yours_needs_signing_in_and_lists_only_ones_own(client, draft, published, hood):
    assert client.get(YOURS).url.startswith(reverse("account_login"))
    client.force_login(draft.created_by)
    html = client.get(YOURS).content.decode()
    assert draft.name in html and url("draft", draft) in html and published.name not in html


# The public proposal page ------------------------------------------------------------------------------------

def test_the_public_page_shows_area_powers_progress_and_no_names(client, published, hood):
    hood.electors(400)  # 37.5% of 400 is 150
    signer = hood.resident(full_name="Zebedee Quirke")
    SignatureFactory(proposal=published, signer=signer)
    html = client.get(url("proposal", published)).content.decode()
    assert published.name in html and "data-areas-map" in html
    assert "The park needs care." in html and "1 of 150 signatures needed" in html
    assert "Petition opened" in html  # the dated public steps
    assert "Zebedee" not in html
    assert "Sign in to sign the petition" in html


def test_a_draft_page_is_404_to_others_and_shown_to_its_proposers(client, draft, hood):
    assert client.get(url("proposal", draft)).status_code == 404
    client.force_login(hood.resident())
    assert client.get(url("proposal", draft)).status_code == 404
    client.force_login(draft.created_by)
    assert "This is a draft" in client.get(url("proposal", draft)).content.decode()


def test_a_resident_of_the_area_signs_then_withdraws(client, published, hood):
    person = hood.resident()
    client.force_login(person)
    assert "Sign the petition" in client.get(url("proposal", published)).content.decode()
    response = client.post(url("sign", published))
    assert response.status_code == 302
    assert Signature.objects.active().filter(proposal=published, signer=person).exists()
    assert "You have signed this petition" in client.get(url("proposal", published)).content.decode()
    html = client.post(url("sign", published)).content.decode()
    assert "You have already signed this petition" in html
    assert client.post(url("withdraw", published)).status_code == 302
    assert not Signature.objects.active().filter(proposal=published).exists()


def test_signing_from_outside_the_area_is_refused_with_the_reason(client, published, hood):
    client.force_login(hood.outsider())
    response = client.post(url("sign", published))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "outside the area" in html
    assert not Signature.objects.exists()


def test_withdrawing_without_a_signature_says_so(client, published, hood):
    client.force_login(hood.resident())
    assert "You have not signed this petition" in client.post(url("withdraw", published)).content.decode()


def test_a_draft_cannot_be_signed_and_anonymous_people_cannot_sign(client, draft, published):
    client.force_login(draft.created_by)
    assert "You cannot sign this petition" in client.post(url("sign", draft)).content.decode()
    client.logout()
    assert client.post(url("sign", published)).url.startswith(reverse("account_login"))
    assert not Signature.objects.exists()


def test_signing_is_post_only(client, published, hood):
    client.force_login(hood.resident())
    assert client.get(url("sign", published)).status_code == 405


# The founding group ------------------------------------------------------------------------------------------

def test_a_resident_with_the_link_joins_and_leaves_the_founding_group(client, draft, hood):
    person = hood.resident()
    client.force_login(person)
    assert "Join the founding group" in client.get(url("join", draft)).content.decode()
    assert client.post(url("join", draft)).status_code == 302
    assert FoundingMember.objects.filter(proposal=draft, user=person).exists()
    assert "Leave the founding group" in client.get(url("join", draft)).content.decode()
    assert client.post(url("join", draft)).status_code == 302
    assert not FoundingMember.objects.filter(proposal=draft, user=person).exists()


def test_the_founding_group_is_closed_once_published(client, published, hood):
    client.force_login(hood.resident())
    assert client.get(url("join", published)).status_code == 404
    assert client.post(url("join", published)).status_code == 404


def test_the_whole_journey_reaches_a_signature(client, hood):
    """Propose through every page, gather the founding group, publish and sign."""
    lead = hood.resident()
    client.force_login(lead)
    client.post(START, {"name": "Hendon Green", "purpose": "Look after the green."})
    proposal = Proposal.objects.get()
    client.post(url("area", proposal), {"area": json.dumps(AREA)})
    client.post(url("sunset", proposal), date_fields(in_a_year()))
    power = standard_power()
    client.post(url("powers", proposal), {f"power_{power.pk}": "on", f"justification_{power.pk}": "It is ours."})
    for _ in range(20):
        client.force_login(hood.resident())
        client.post(url("join", proposal))
    client.force_login(lead)
    assert client.post(url("publish", proposal)).status_code == 302
    client.force_login(hood.resident())
    assert client.post(url("sign", proposal)).status_code == 302
    assert Signature.objects.filter(proposal=proposal).count() == 1


def test_residents_find_the_parishes_from_the_header_and_their_dashboard(client, hood):
    client.force_login(hood.resident())
    assert 'href="/parishes/"' in client.get(LIST).content.decode()
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert f'href="{LIST}"' in dashboard and f'href="{YOURS}"' in dashboard


def active_parish(hood, power):
    parish = ProposalFactory(created_by=hood.resident(), status=ProposalStatus.APPROVED, name="Hendon Active",
                             powers=[power])
    return parish


def test_active_parishes_are_listed_apart_from_proposals(client, hood, published):
    parish = active_parish(hood, standard_power())
    html = client.get(LIST).content.decode()
    active_part, proposals_part = html.split("Proposals and petitions")
    assert parish.name in active_part and published.name in proposals_part


def test_a_draft_overlapping_an_active_parish_with_the_same_power_shows_the_conflict_on_a_map(client, hood):
    power = standard_power()
    parish = active_parish(hood, power)
    draft = ProposalFactory(created_by=hood.resident(), area=shifted(dx=0.005), powers=[power])
    client.force_login(draft.created_by)
    html = client.get(url("draft", draft)).content.decode()
    assert "The area overlaps an active pop-up parish" in html
    assert "data-areas-map" in html and url("proposal", parish) in html
    assert "You cannot publish until every task is complete" in html
