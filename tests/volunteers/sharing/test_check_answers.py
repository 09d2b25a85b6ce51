"""Sharing a passport asks the person to check their answers first; nothing is shared until they confirm."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from covenant.audit.models import AuditEntry
from covenant.organisations.models import VerificationStatus
from tests.organisations.factories import VerifiedOrganisationFactory
from tests.volunteers.factories import PassportFactory
from volunteers.models import Share
from volunteers.views.sharing import DRAFT

from .helpers import charity, in_days, share

pytestmark = pytest.mark.django_db

START_AGAIN = "We could not find your answers, or they are out of date"


def _date(day):
    return {"expires_on_0": str(day.day), "expires_on_1": str(day.month), "expires_on_2": str(day.year)}


def _create_url(organisation):
    return reverse("volunteers:sharing-create", args=[organisation.pk])


def _check_url(organisation):
    return reverse("volunteers:sharing-check", args=[organisation.pk])


def _answer(client, organisation, sections=("history", "profile"), days=60):
    response = client.post(_create_url(organisation), {"sections": list(sections), **_date(in_days(days))})
    assert response.status_code == 302 and response.url == _check_url(organisation)
    return response


class _Inputs(HTMLParser):
    """The values of a page's inputs: text inputs by name, and the ticked checkboxes."""

    def __init__(self, html: str):
        super().__init__()
        self.values, self.ticked = {}, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag != "input":
            return
        if attrs.get("type") == "checkbox":
            if "checked" in attrs:
                self.ticked.append(attrs.get("value"))
        elif attrs.get("type") == "text":
            self.values[attrs.get("name")] = attrs.get("value")


def _set_draft(client, value):
    session = client.session
    session[DRAFT] = value
    session.save()


@pytest.fixture
def holder(client):
    passport = PassportFactory()
    client.force_login(passport.holder)
    return passport.holder


def test_check_your_answers_shows_the_answers_with_change_links_and_shares_only_on_confirming(client, holder):
    organisation = charity()
    _answer(client, organisation)
    assert not Share.objects.exists()
    assert client.session[DRAFT] == {"organisation": organisation.pk, "sections": ["profile", "history"],
                                     "expires_on": in_days(60).isoformat()}

    page = client.get(_check_url(organisation))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Check your answers before you share your passport" in html
    assert "Harbour Food Bank" in html
    # Sections in the passport's order, whatever order they were ticked in.
    assert html.index("Skills, causes and availability") < html.index("Volunteering history")
    assert "DBS checks" not in html
    assert f"At the end of {date_format(in_days(60), 'j F Y')}" in html
    assert f'href="{reverse("volunteers:sharing-search")}">Change<span class="govuk-visually-hidden"> organisation' in html
    assert f'href="{_create_url(organisation)}#id_sections_1">Change' in html
    assert f'href="{_create_url(organisation)}#id_expires_on_0">Change' in html
    # A plain form: confirming needs no JavaScript.
    assert re.search(r'<form\s+method="post"\s*>.*csrfmiddlewaretoken.*Share my passport</button>\s*</form>', html,
                     re.DOTALL)
    assert not Share.objects.exists()

    response = client.post(_check_url(organisation))
    assert response.status_code == 302 and response.url == reverse("volunteers:sharing-list")
    created = Share.objects.get(passport__holder=holder)
    assert created.organisation == organisation
    assert created.sections == ["profile", "history"] and created.expires_on == in_days(60)
    assert AuditEntry.objects.filter(action="volunteers.share_created", target_id=str(created.pk)).count() == 1
    assert DRAFT not in client.session
    listing = client.get(response.url).content.decode()
    assert "You are sharing your passport with Harbour Food Bank" in listing


def test_change_links_bring_back_the_question_page_with_the_answers_filled_in(client, holder):
    organisation = charity()
    _answer(client, organisation, sections=["dbs"], days=45)
    inputs = _Inputs(client.get(_create_url(organisation)).content.decode())
    day = in_days(45)
    assert inputs.ticked == ["dbs"]
    assert inputs.values == {"expires_on_0": str(day.day), "expires_on_1": str(day.month),
                             "expires_on_2": str(day.year)}

    # Changing the answer replaces the one waiting; nothing is shared on the way.
    _answer(client, organisation, sections=["dbs", "training"], days=90)
    assert not Share.objects.exists()
    html = client.get(_check_url(organisation)).content.decode()
    assert "Training" in html and date_format(in_days(90), "j F Y") in html
    client.post(_check_url(organisation))
    assert Share.objects.get().sections == ["dbs", "training"]


def test_choosing_another_organisation_keeps_the_other_answers(client, holder):
    first, second = charity(), VerifiedOrganisationFactory(name="Harbour Hospice")
    _answer(client, first, sections=["references"], days=30)
    assert _Inputs(client.get(_create_url(second)).content.decode()).ticked == ["references"]
    _answer(client, second, sections=["references"], days=30)
    assert "Harbour Hospice" in client.get(_check_url(second)).content.decode()
    client.post(_check_url(second))
    created = Share.objects.get()
    assert (created.organisation, created.sections) == (second, ["references"])


@pytest.mark.parametrize("draft", [
    None,
    "not a dict",
    ["organisation", 1],
    {},
    {"organisation": "1", "sections": ["profile"], "expires_on": "2099-01-01"},
    {"organisation": True, "sections": ["profile"], "expires_on": "2099-01-01"},
    {"organisation": "ORG", "sections": "profile", "expires_on": "2099-01-01"},
    {"organisation": "ORG", "sections": [], "expires_on": "2099-01-01"},
    {"organisation": "ORG", "sections": ["passwords"], "expires_on": "2099-01-01"},
    {"organisation": "ORG", "sections": [{"a": 1}], "expires_on": "2099-01-01"},
    {"organisation": "ORG", "sections": [["profile"]], "expires_on": "2099-01-01"},
    {"organisation": "ORG", "sections": ["profile"], "expires_on": "31/12/2099"},
    {"organisation": "ORG", "sections": ["profile"], "expires_on": 20990101},
    {"organisation": "ORG", "sections": ["profile"], "expires_on": "YESTERDAY"},
    {"organisation": "ORG", "sections": ["profile"], "expires_on": "TODAY"},
    {"organisation": "ORG", "sections": ["profile"], "expires_on": "TOO_LATE"},
    {"organisation": "OTHER", "sections": ["profile"], "expires_on": "NEXT_MONTH"},
])
@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_or_stale_answers_send_the_person_back_to_the_start(client, holder, draft, method):
    organisation, other = charity(), VerifiedOrganisationFactory()
    dates = {"YESTERDAY": in_days(-1), "TODAY": in_days(0), "NEXT_MONTH": in_days(30), "TOO_LATE": in_days(800)}
    if isinstance(draft, dict):
        draft = {**draft}
        draft["organisation"] = {"ORG": organisation.pk, "OTHER": other.pk}.get(draft.get("organisation"),
                                                                                   draft.get("organisation"))
        if draft.get("expires_on") in dates:
            draft["expires_on"] = dates[draft["expires_on"]].isoformat()
    if draft is not None:
        _set_draft(client, draft)

    response = getattr(client, method)(_check_url(organisation), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("volunteers:sharing-search"), 302)]
    assert START_AGAIN in response.content.decode()
    assert DRAFT not in client.session
    assert not Share.objects.exists()


def test_confirming_twice_shares_once(client, holder):
    organisation = charity()
    _answer(client, organisation)
    client.post(_check_url(organisation))
    again = client.post(_check_url(organisation), follow=True)
    assert again.redirect_chain == [(reverse("volunteers:sharing-search"), 302)]
    assert START_AGAIN in again.content.decode()
    assert Share.objects.count() == 1


def test_an_organisation_whose_verification_lapsed_before_confirming_is_refused(client, holder):
    organisation = charity()
    _answer(client, organisation)
    organisation.verification_status = VerificationStatus.SUSPENDED
    organisation.save(update_fields=["verification_status"])
    assert not organisation.is_verified
    response = client.post(_check_url(organisation), follow=True)
    assert response.redirect_chain == [(reverse("volunteers:sharing-search"), 302)]
    assert "Harbour Food Bank has not been verified yet" in response.content.decode()
    assert not Share.objects.exists()
    assert DRAFT not in client.session


def test_a_share_made_meanwhile_in_another_tab_is_not_made_twice(client, holder):
    organisation = charity()
    _answer(client, organisation)
    share(holder.passport, organisation)
    response = client.post(_check_url(organisation), follow=True)
    assert response.redirect_chain == [(reverse("volunteers:sharing-search"), 302)]
    assert "You already share your passport with Harbour Food Bank. Change that share instead" in (
        response.content.decode())
    assert Share.objects.count() == 1


def test_already_sharing_is_said_on_the_question_page(client, holder):
    organisation = charity()
    share(holder.passport, organisation)
    response = client.post(_create_url(organisation), {"sections": ["profile"], **_date(in_days(10))})
    assert response.status_code == 200
    assert "You already share your passport with Harbour Food Bank. Change that share instead" in (
        response.content.decode())
    assert DRAFT not in client.session


def test_who_may_not_reach_check_your_answers(client):
    organisation = charity()
    url = _check_url(organisation)
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response.url
    assert client.post(url).status_code == 302 and not Share.objects.exists()

    client.force_login(PassportFactory().holder)
    assert client.get(reverse("volunteers:sharing-check", args=[999999])).status_code == 404


def test_one_persons_answers_are_not_anothers(client, holder):
    organisation = charity()
    _answer(client, organisation)
    client.logout()
    client.force_login(PassportFactory().holder)
    response = client.post(_check_url(organisation), follow=True)
    assert START_AGAIN in response.content.decode()
    assert not Share.objects.exists()
