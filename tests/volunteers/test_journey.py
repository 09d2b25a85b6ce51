"""The Volunteer Passport's whole journey through the real pages, as the people in it see them.

A resident completes their passport and adds a DBS check and some training, shares their profile and DBS
check (not their training) with a verified charity, the charity's verifier verifies the DBS check, the
charity's coordinator sees exactly what was shared, the resident sees both of them in their access log,
issues a signed credential, downloads it, and its public page says valid until they withdraw it.
"""

import datetime
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory
from tests.volunteers.factories import verifier_of
from volunteers.models import (
    Credential,
    CredentialStatus,
    IssuedCredential,
    Passport,
    PassportView,
    Section,
    Share,
)
from volunteers.services.passport import taxonomies_load

pytestmark = pytest.mark.django_db

CERTIFICATE = "001234567890"


class _Page(HTMLParser):
    """The visible text of a page's main content, its first heading, and the text of its status tags."""

    VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "base", "embed", "track"}

    def __init__(self, html: str):
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.main: list[str] = []
        self.h1: list[str] = []
        self.tags: list[list[str]] = []
        self.links: list[tuple[str, list[str]]] = []
        self.feed(html)

    def _inside(self, tag: str, css: str = "") -> bool:
        return any(name == tag and css in classes.split() for name, classes in self.stack) if css else any(
            name == tag for name, _classes in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.VOID:
            if tag == "br" and self._inside("main"):
                self.main.append("\n")
            return
        classes = attrs.get("class") or ""
        self.stack.append((tag, classes))
        if "govuk-tag" in classes.split() and self._inside("main"):
            self.tags.append([])
        if tag == "a":
            self.links.append((attrs.get("href") or "", []))

    def handle_endtag(self, tag):
        while self.stack:
            name, _classes = self.stack.pop()
            if name == tag:
                break
        if tag in ("p", "li", "dt", "dd", "h1", "h2", "h3", "td", "th", "div") and self._inside("main"):
            self.main.append("\n")

    def handle_data(self, data):
        if self._inside("script") or self._inside("style") or self._inside("svg"):
            return
        if self._inside("main"):
            self.main.append(data)
        if self._inside("h1"):
            self.h1.append(data)
        if self._inside("strong", "govuk-tag") and self._inside("main") and self.tags:
            self.tags[-1].append(data)
        if self._inside("a") and self.links:
            self.links[-1][1].append(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Seen:
    """What a person sees on a page: its text, its main heading, its status tags and its links."""

    def __init__(self, response):
        assert response.status_code == 200, f"{response.status_code} for {response.request['PATH_INFO']}"
        page = _Page(response.content.decode())
        self.text = _squash("".join(page.main))
        self.heading = _squash("".join(page.h1))
        self.tags = [_squash("".join(tag)) for tag in page.tags]
        self.links = {_squash("".join(text)): href for href, text in page.links}

    def __contains__(self, words: str) -> bool:
        return words in self.text

    def __repr__(self) -> str:
        return f"<page {self.heading!r}: {self.text}>"


def follow(client: Client, response) -> Seen:
    """A form's answer is a redirect: follow it as the browser would, and show where it lands."""
    assert response.status_code == 302, f"expected a redirect, got {response.status_code}"
    return Seen(client.get(response.url))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def date_parts(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def url(name: str, *args) -> str:
    return reverse(f"volunteers:{name}", args=args)


@pytest.fixture
def site(settings):
    # The QR code and the credential name the public page by SITE_URL; the test client is that site.
    settings.SITE_URL = "http://testserver"
    return settings.SITE_URL


@pytest.fixture
def charity(db):
    taxonomies_load(actor=None)  # the platform's skill, cause and language lists, as deployed
    organisation = VerifiedOrganisationFactory(name="Harbour Food Bank")
    verifier = verifier_of(organisation, full_name="Grace Mensah")
    coordinator = MembershipFactory(organisation=organisation,
                                    user=UserFactory(full_name="Tomasz Nowak")).user  # coordinator by default
    return organisation, verifier, coordinator


def complete_passport(resident: Client) -> None:
    """Every section of "Complete your passport", from the task list, as the resident fills it in."""
    tasks = Seen(resident.get(url("passport-tasks")))
    assert tasks.heading == "Complete your passport"
    assert "You have completed 1 of 7 sections." in tasks  # access needs are optional
    assert tasks.links["About you"] == url("passport-about-you")

    checked = follow(resident, resident.post(url("passport-about-you"),
                                             {"second_base_label": "Work", "second_base_postcode": "sr11ad"}))
    assert checked.heading == "Check your answers"
    assert "Second base Work: SR1 1AD" in checked

    # Skills come in one group of checkboxes per part of the taxonomy; the page names each group.
    form = resident.get(url("passport-skills")).context["form"]
    group = {str(form.fields[name].label): name for name in form.fields}
    chosen = {group["First aid"]: ["first-aid-efaw"], group["Trades"]: ["trade-cook"]}
    levels = resident.post(url("passport-skills"), chosen)
    assert levels.status_code == 302 and levels.url == url("passport-skill-levels")
    checked = follow(resident, resident.post(levels.url, {"level_first-aid-efaw": "3", "level_trade-cook": "4"}))
    assert "Emergency first aid at work Experienced" in checked
    assert "Cook or chef Expert" in checked

    checked = follow(resident, resident.post(url("passport-causes"), {"causes": ["anti-poverty", "community"]}))
    assert "Causes Anti-Poverty Community" in checked

    added = follow(resident, resident.post(url("passport-availability"),
                                           {"weekday": "5", "starts_at": "09:00", "ends_at": "13:00"}))
    assert "Time added" in added
    assert "Saturday, 9am to 1pm" in Seen(resident.get(url("passport-check", "availability")))

    checked = follow(resident, resident.post(url("passport-travel"),
                                             {"max_travel_miles": "5", "transport": ["public", "cycle"]}))
    assert "How far you can travel 5 miles" in checked
    assert "How you travel Cycling Public transport" in checked

    checked = follow(resident, resident.post(url("passport-access-needs"),
                                             {"accessibility_needs": "Step-free access", "adjustments": ""}))
    assert "Access needs Step-free access" in checked

    checked = follow(resident, resident.post(url("passport-languages"), {"languages": ["en", "pl"]}))
    assert "Languages you speak English Polish" in checked

    tasks = Seen(resident.get(url("passport-tasks")))
    assert "You have completed 7 of 7 sections." in tasks
    assert "Not yet started" not in tasks.tags and "In progress" not in tasks.tags


def add_credential(resident: Client, kind: str, details: dict) -> Seen:
    """Choose what to add, answer its questions, check the answers, and land on the list of checks."""
    questions = resident.post(url("credentials-add"), {"kind": kind})
    assert questions.status_code == 302 and questions.url == url("credentials-add-details", kind)
    check = resident.post(questions.url, details)
    assert check.status_code == 302 and check.url == url("credentials-add-check", kind)
    assert Seen(resident.get(check.url)).heading == "Check your answers"
    return follow(resident, resident.post(check.url))


def test_a_resident_completes_shares_gets_verified_and_issues_a_credential_that_can_be_revoked(site, charity):
    organisation, verifier_user, coordinator_user = charity
    holder = UserFactory(full_name="Amina Okafor", postcode="FY1 1AB")
    resident, verifier, coordinator, anyone = (signed_in(holder), signed_in(verifier_user),
                                               signed_in(coordinator_user), Client())
    today = timezone.localdate()

    # 1. The resident completes every section of their passport.
    complete_passport(resident)
    passport = Passport.objects.get(holder=holder)
    assert passport.max_travel_km == 8 and sorted(passport.languages) == ["en", "pl"]
    assert dict(passport.skills.values_list("skill__slug", "level")) == {"first-aid-efaw": 3, "trade-cook": 4}

    # 2. They add a DBS check and some training; both wait to be verified.
    checks = add_credential(resident, "dbs", {
        "dbs_level": "enhanced_barred", "dbs_barred_lists": "adults", "dbs_workforce": "adult",
        "certificate_number": CERTIFICATE, **date_parts("issued_on", today - datetime.timedelta(days=20)),
        "update_service_subscribed": "yes", "update_service_id": "C0123456",
    })
    assert "DBS check added. It is not verified yet" in checks
    checks = add_credential(resident, "training", {
        "title": "Safeguarding adults", "provider": "Volunteer Centre",
        **date_parts("issued_on", today - datetime.timedelta(days=40)),
    })
    assert checks.heading == "Your checks and training"
    assert checks.tags.count("Not yet verified") == 2
    dbs = Credential.objects.get(passport=passport, kind="dbs")
    assert dbs.status == CredentialStatus.SELF_DECLARED and dbs.certificate_number == CERTIFICATE

    # 3. They find the charity and share their profile and DBS checks with it, but not their training.
    found = Seen(resident.get(url("sharing-search"), {"q": "harbour"}))
    assert found.links["Harbour Food Bank"] == url("sharing-create", organisation.pk)
    form = Seen(resident.get(found.links["Harbour Food Bank"]))
    assert form.heading == "Share your passport with Harbour Food Bank"
    until = today + datetime.timedelta(days=90)
    check = resident.post(url("sharing-create", organisation.pk), {
        "sections": [Section.PROFILE, Section.DBS], **date_parts("expires_on", until),
    })
    answers = follow(resident, check)
    assert answers.heading == "Check your answers before you share your passport"
    assert "What they can see Skills, causes and availability DBS checks" in answers
    assert f"Sharing ends At the end of {until:%-d %B %Y}" in answers
    assert not Share.objects.exists()  # nothing is shared until the resident confirms
    shares = follow(resident, resident.post(check.url))
    assert "You are sharing your passport with Harbour Food Bank" in shares
    share = Share.objects.get(passport=passport, organisation=organisation)
    assert share.sections == [Section.PROFILE, Section.DBS] and share.expires_on == until

    # 4. The charity's verifier finds the DBS check waiting, sees its details, and verifies it.
    to_check = Seen(verifier.get(url("credentials-verifier-home"), follow=True))
    assert to_check.heading == "Credentials to check"
    dbs_title = "Enhanced with barred list check DBS check"
    assert str(dbs) == dbs_title
    assert f"Amina Okafor {dbs_title} Not yet verified" in to_check
    assert "Safeguarding adults" not in to_check  # training was not shared
    page = Seen(verifier.get(to_check.links[dbs_title]))
    assert page.heading == f"Check {dbs_title}"
    assert f"Certificate number {CERTIFICATE}" in page and page.tags == ["Not yet verified"]
    saved = follow(verifier, verifier.post(to_check.links[dbs_title], {
        "outcome": "verified", "evidence_seen": "The original certificate",
        **date_parts("evidence_seen_on", today),
    }))
    assert "Check saved. Amina Okafor has been told" in saved
    assert "There is nothing waiting to be checked." in saved
    dbs.refresh_from_db()
    assert dbs.status == CredentialStatus.VERIFIED
    assert (dbs.verified_by, dbs.verified_organisation) == (verifier_user, organisation)

    # 5. The coordinator sees exactly the shared sections: the profile and the verified DBS check.
    shared = Seen(coordinator.get(url("sharing-organisations"), follow=True))
    assert shared.heading == "Passports shared with you"
    passport_page = Seen(coordinator.get(shared.links["Amina Okafor"]))
    assert passport_page.heading == "Amina Okafor"
    assert "Skills, causes and availability" in passport_page
    assert "Cook or chef" in passport_page and "Anti-Poverty, Community" in passport_page
    assert "Up to 5 miles" in passport_page and "Step-free access" in passport_page
    assert "DBS checks" in passport_page and passport_page.tags == ["Verified"]
    assert "Enhanced with barred list check, Adults' barred list" in passport_page
    assert "Verified by Harbour Food Bank: The original certificate" in passport_page
    assert "Languages English, Polish" in passport_page  # names, not ISO 639 codes
    issued_on = today - datetime.timedelta(days=20)
    assert f"Date of issue {issued_on:%-d %B %Y}" in passport_page  # as GOV.UK writes dates, not ISO
    for unshared in ("Training", "Safeguarding adults", "Identity check", "Qualifications", "References",
                     "Volunteering history"):
        assert unshared not in passport_page, unshared

    # 6. The resident sees both looks in their access log, with what each saw.
    log = Seen(resident.get(url("sharing-access-log")))
    assert log.heading == "Who has seen your passport"
    assert "Tomasz Nowak Harbour Food Bank Skills, causes and availability DBS checks On a page" in log
    assert "Grace Mensah Harbour Food Bank DBS checks On a page" in log
    assert "Training" not in log
    assert set(PassportView.objects.filter(passport=passport).values_list("viewer", flat=True)) == {
        verifier_user.pk, coordinator_user.pk}

    # 7. The resident issues a credential with the verified DBS check (the training is not verified, so
    # it is not offered) and downloads the signed document.
    issue_page = Seen(resident.get(url("issuing-issue")))
    assert issue_page.heading == "Issue a credential"
    assert f"{dbs_title} DBS check, verified by Harbour Food Bank" in issue_page
    assert "Safeguarding adults" not in issue_page
    detail = follow(resident, resident.post(url("issuing-issue"), {"credentials": [str(dbs.pk)]}))
    assert "Your credential has been issued" in detail
    assert detail.heading == "Your credential Valid"
    issued = IssuedCredential.objects.get(passport=passport)
    download = resident.get(detail.links["Download the credential (JSON)"])
    assert download.status_code == 200 and download["Content-Type"].startswith("application/json")
    document = json.loads(download.content)
    assert document["credentialSubject"]["name"] == "Amina Okafor"
    assert document["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert CERTIFICATE not in download.content.decode()  # the certificate number is never included

    # 8. Anyone who scans the QR code opens the public page: valid, with the holder and the DBS check.
    public_url = detail.links[f"{site}{url('issuing-public', issued.pk)}"]
    public = Seen(anyone.get(urlsplit(public_url).path))
    assert public.heading == "VALID"
    assert "This credential is genuine and in date" in public
    assert "Holder Amina Okafor" in public
    assert "DBS level Enhanced with barred list check" in public and "Verified by Harbour Food Bank" in public
    assert "Safeguarding adults" not in public and CERTIFICATE not in public

    # 9. "Check a credential" accepts the very file that was downloaded.
    upload = SimpleUploadedFile(f"covenant-credential-{issued.pk}.json", download.content, "application/json")
    checked = Seen(anyone.post(url("issuing-check"), {"document": "", "upload": upload}))
    assert "VALID" in checked and "The signature is Covenant’s and the credential is in date" in checked
    assert "Holder Amina Okafor" in checked

    # 10. The resident withdraws it; the public page and the check now say revoked, at once.
    withdraw = Seen(resident.get(detail.links["Withdraw it"]))
    assert withdraw.heading == "Withdraw your credential"
    assert "Its page and every check of it will say it is revoked from now on." in withdraw
    detail = follow(resident, resident.post(url("issuing-revoke", issued.pk), {"reason": "Lost my phone"}))
    assert "You have withdrawn the credential. Its page now says it is revoked." in detail
    assert detail.heading == "Your credential Revoked" and "Withdraw it" not in detail.links
    issued.refresh_from_db()
    assert issued.revoked_at is not None

    public = Seen(anyone.get(urlsplit(public_url).path))
    assert public.heading == "REVOKED"
    assert "Do not rely on this credential." in public
    assert f"The holder withdrew this credential on {today:%-d %B %Y}." in public
    assert "VALID" not in public
    upload = SimpleUploadedFile("credential.json", download.content, "application/json")
    checked = Seen(anyone.post(url("issuing-check"), {"document": "", "upload": upload}))
    assert "REVOKED" in checked and "VALID" not in checked

    # The holder's access log also shows the people who checked the credential they were shown.
    log = Seen(resident.get(url("sharing-access-log")))
    assert "Someone without an account, checking a credential you showed them" in log
