"""The DBS question page shows the Update Service ID box as a GOV.UK conditional reveal under "Yes".

Without JavaScript the box is simply in the page under the Yes option; govuk-frontend's radios script hides it
until Yes is chosen, using the markup checked here.
"""

import datetime
import html
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser import conftest as browser
from tests.volunteers.factories import CredentialFactory
from volunteers.models import Credential

pytestmark = pytest.mark.django_db

VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr", "area", "base", "col", "embed", "track"}
REVEAL = "conditional-id_update_service_subscribed"
# The real Chromium of tests/browser/, for the one test that needs govuk-frontend's script to run.
browser_context = browser.browser_context
browser_page = browser.browser_page


class Page(HTMLParser):
    """Every element with an id, with its attributes and the ids of the elements around it; and the order in
    which the Update Service radios and the ID box appear."""

    def __init__(self, text: str):
        super().__init__()
        self.elements: dict[str, dict] = {}
        self.inside: dict[str, list[str]] = {}
        self.order: list[str] = []
        self._open: list[tuple[str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        element_id = attrs.get("id", "")
        if element_id:
            self.elements[element_id] = attrs
            self.inside[element_id] = [open_id for _, open_id in self._open if open_id]
        if attrs.get("name") in ("update_service_subscribed", "update_service_id"):
            self.order.append(f"{attrs['name']}={attrs.get('value', '')}" if attrs.get("type") == "radio"
                              else attrs["name"])
        if tag not in VOID:
            self._open.append((tag, element_id))

    def handle_endtag(self, tag):
        for position in range(len(self._open) - 1, -1, -1):
            if self._open[position][0] == tag:
                del self._open[position:]
                return

    def classes(self, element_id: str) -> list[str]:
        return self.elements[element_id].get("class", "").split()


def date_parts(name, value):
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def dbs_answers(**overrides):
    answers = {
        "dbs_level": "enhanced", "dbs_workforce": "adult", "dbs_barred_lists": "none",
        "certificate_number": "001234567890", "update_service_subscribed": "yes", "update_service_id": "C000123456",
        **date_parts("issued_on", timezone.localdate() - datetime.timedelta(days=20)),
    }
    answers.update(overrides)
    return answers


DETAILS = reverse("volunteers:credentials-add-details", args=["dbs"])


def test_the_id_box_sits_under_yes_and_starts_hidden_only_for_the_script(client, holder):
    client.force_login(holder)
    response = client.get(DETAILS)
    assert response.status_code == 200
    page = Page(response.content.decode())

    # Yes, then the box, then No: without JavaScript it reads in that order and the box can be filled in.
    assert page.order == ["update_service_subscribed=yes", "update_service_id", "update_service_subscribed=no"]
    assert REVEAL in page.inside["id_update_service_id"]
    assert page.classes(REVEAL) == ["govuk-radios__conditional", "govuk-radios__conditional--hidden"]

    # The script's hooks: the radios module, and Yes pointing at the box it reveals.
    radios = page.inside["id_update_service_subscribed"]
    assert "div_id_update_service_subscribed" in radios
    assert page.elements["id_update_service_subscribed"]["data-aria-controls"] == REVEAL
    assert "data-aria-controls" not in page.elements["id_update_service_subscribed_2"]
    assert 'class="govuk-radios" data-module="govuk-radios"' in response.content.decode()
    assert "checked" not in page.elements["id_update_service_subscribed"]
    assert "checked" not in page.elements["id_update_service_subscribed_2"]

    # The label no longer needs to say when to answer it, and the box is asked once.
    text = html.unescape(response.content.decode())
    assert "Update Service ID (if you have subscribed)" not in text
    assert text.count('name="update_service_id"') == 1


def test_after_an_error_the_chosen_yes_keeps_the_box_open_with_its_error(client, holder):
    client.force_login(holder)
    response = client.post(DETAILS, dbs_answers(update_service_id="!"))
    assert response.status_code == 200
    text = response.content.decode()
    page = Page(text)
    assert "checked" in page.elements["id_update_service_subscribed"]
    assert page.classes(REVEAL) == ["govuk-radios__conditional"]
    assert "Update Service ID must be 6 to 20 letters and numbers" in text
    # The error summary links to the box, which is in the page.
    assert 'href="#id_update_service_id"' in text
    assert "govuk-input--error" in page.classes("id_update_service_id")
    assert page.elements["id_update_service_id"]["value"] == "!"
    assert not Credential.objects.exists()


def test_an_unanswered_question_links_its_error_to_the_first_radio(client, holder):
    client.force_login(holder)
    response = client.post(DETAILS, dbs_answers(update_service_subscribed="", update_service_id=""))
    text = response.content.decode()
    page = Page(text)
    assert "Select yes if you have subscribed to the DBS Update Service" in text
    assert 'href="#id_update_service_subscribed"' in text
    assert page.elements["id_update_service_subscribed"]["value"] == "yes"
    assert "govuk-form-group--error" in page.classes("div_id_update_service_subscribed")
    assert 'aria-describedby="id_update_service_subscribed_hint id_update_service_subscribed_1_error"' in text
    assert page.classes(REVEAL) == ["govuk-radios__conditional", "govuk-radios__conditional--hidden"]


@pytest.mark.parametrize(("answers", "field", "message"), [
    (dbs_answers(update_service_id=""), "update_service_id", "Enter your Update Service ID"),
    (dbs_answers(update_service_id="C12-34!"), "update_service_id", "Update Service ID must be 6 to 20 letters"),
    (dbs_answers(update_service_id="C" * 41), "update_service_id", "Update Service ID must be 6 to 20 letters"),
    (dbs_answers(dbs_level="basic", dbs_workforce=""), "update_service_subscribed",
     "The Update Service is not available for basic checks"),
    (dbs_answers(update_service_subscribed="maybe"), "update_service_subscribed",
     "Select yes if you have subscribed to the DBS Update Service"),
])
def test_the_existing_checks_still_apply(client, holder, answers, field, message):
    client.force_login(holder)
    response = client.post(DETAILS, answers)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert message in text
    assert f'href="#id_{field}"' in text
    assert not Credential.objects.exists()


def test_an_id_typed_before_choosing_no_is_not_kept(client, holder):
    # Without JavaScript the box stays in view, so someone may fill it in and then choose No.
    client.force_login(holder)
    response = client.post(DETAILS, dbs_answers(update_service_subscribed="no", update_service_id="C000123456"))
    assert response.url == reverse("volunteers:credentials-add-check", args=["dbs"])
    check = html.unescape(client.get(response.url).content.decode())
    assert "C000123456" not in check
    client.post(response.url)
    credential = Credential.objects.get()
    assert (credential.update_service_subscribed, credential.update_service_id) == (False, "")


def test_a_subscribed_id_is_saved_and_shown_back_under_yes_when_changing(client, holder, passport):
    client.force_login(holder)
    response = client.post(DETAILS, dbs_answers(update_service_id="c000 123456"))
    check = html.unescape(client.get(response.url).content.decode())
    assert "Update Service ID" in check and "C000123456" in check
    client.post(response.url)
    credential = Credential.objects.get()
    assert (credential.update_service_subscribed, credential.update_service_id) == (True, "C000123456")

    page = Page(client.get(reverse("volunteers:credentials-change", args=[credential.pk])).content.decode())
    assert "checked" in page.elements["id_update_service_subscribed"]
    assert page.classes(REVEAL) == ["govuk-radios__conditional"]
    assert page.elements["id_update_service_id"]["value"] == "C000123456"


def test_a_credential_without_a_subscription_shows_no_chosen_and_the_box_hidden(client, holder, passport):
    credential = CredentialFactory(passport=passport, dbs=True)
    client.force_login(holder)
    page = Page(client.get(reverse("volunteers:credentials-change", args=[credential.pk])).content.decode())
    assert "checked" in page.elements["id_update_service_subscribed_2"]
    assert "checked" not in page.elements["id_update_service_subscribed"]
    assert page.classes(REVEAL) == ["govuk-radios__conditional", "govuk-radios__conditional--hidden"]


def test_other_kinds_have_no_update_service_question(client, holder):
    client.force_login(holder)
    text = client.get(reverse("volunteers:credentials-add-details", args=["training"])).content.decode()
    assert "update_service" not in text and "govuk-radios__conditional" not in text


@pytest.mark.browser
def test_in_a_browser_the_box_appears_only_once_yes_is_chosen(browser_page, client):
    from django.conf import settings

    from tests.accounts.factories import UserFactory

    page = browser_page
    holder = UserFactory(full_name="Amina Okafor")
    client.force_login(holder)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": page.base_url}])
    page.goto(page.base_url + DETAILS)
    question = page.get_by_role("group", name="Have you subscribed to the DBS Update Service?")
    box = page.get_by_label("Update Service ID")
    yes = question.get_by_label("Yes")
    assert box.is_hidden()
    assert yes.get_attribute("aria-controls") == REVEAL and yes.get_attribute("aria-expanded") == "false"

    yes.check()
    assert box.is_visible() and yes.get_attribute("aria-expanded") == "true"
    question.get_by_label("No").check()
    assert box.is_hidden()
    yes.check()
    box.fill("C000123456")

    page.get_by_role("group", name="What level is the check?").get_by_label("Enhanced", exact=True).check()
    page.get_by_role("group", name="Which barred lists were checked?").get_by_label("None").check()
    page.get_by_role("group", name="Which workforce is on the certificate?").get_by_label("Adult workforce", exact=True).check()
    page.get_by_label("Certificate number").fill("001234567890")
    issued = timezone.localdate() - datetime.timedelta(days=20)
    dates = page.get_by_role("group", name="Date of issue")
    dates.get_by_label("Day").fill(str(issued.day))
    dates.get_by_label("Month").fill(str(issued.month))
    dates.get_by_label("Year").fill(str(issued.year))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "Check your answers" in page.locator("main h1").inner_text()
    assert "C000123456" in page.locator("main").inner_text()
    assert page.console_log.errors == []
