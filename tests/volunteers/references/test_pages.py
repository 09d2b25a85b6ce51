"""The reference pages: the holder's list and request form, the referee's form, and an organisation's view."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
)
from volunteers.models import PassportView, Reference, ReferenceStatus, Section

from .conftest import share
from .factories import ReferenceFactory, token_of

LIST = reverse("volunteers:references-list")
ADD = reverse("volunteers:references-add")
ANSWER = {"known_for": "3 years", "capacity": "Manager", "recommendation": "yes", "comments": "Great",
          "confidential": "no"}


def answer_url(reference):
    return reverse("volunteers:references-answer", args=[token_of(reference)])


def shared_url(organisation, passport):
    return reverse("volunteers:references-shared", args=[organisation.pk, passport.pk])


def test_the_holder_asks_for_a_reference(client, holder, django_capture_on_commit_callbacks):
    client.force_login(holder)
    assert client.get(ADD).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, {"referee_name": "Jo Bloggs", "referee_email": "jo@example.org",
                                     "relationship": "Manager"})
    assert response.status_code == 302 and response.url == LIST
    reference = Reference.objects.get()
    assert reference.passport.holder == holder  # the passport is started when first needed
    assert len(mail.outbox) == 1
    page = client.get(LIST).content.decode()
    assert "Jo Bloggs" in page and "Waiting for the referee" in page


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Enter the referee’s full name"),
    ({"referee_name": "Jo", "referee_email": "nope", "relationship": "Friend"},
     "Enter an email address in the correct format"),
    ({"referee_name": "Jo", "referee_email": "jo@example.org", "relationship": ""}, "Enter how the referee knows you"),
])
def test_request_form_bad_input(client, holder, data, message):
    client.force_login(holder)
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not Reference.objects.exists()


def test_asking_yourself_is_refused_on_the_form(client, holder):
    client.force_login(holder)
    response = client.post(ADD, {"referee_name": "Me", "referee_email": holder.email, "relationship": "Me"})
    assert "your own referee" in response.content.decode()
    assert not Reference.objects.exists()


def test_people_without_a_confirmed_email_cannot_ask(client, db):
    client.force_login(UserFactory(verified=False))
    assert client.get(ADD).status_code == 404
    assert client.post(ADD, {"referee_name": "Jo", "referee_email": "jo@example.org",
                             "relationship": "Manager"}).status_code == 404
    assert not Reference.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client, passport):
    reference = ReferenceFactory(passport=passport)
    for url in (LIST, ADD, reverse("volunteers:references-withdraw", args=[reference.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_referee_answers_without_an_account_and_only_once(client, passport):
    reference = ReferenceFactory(passport=passport)
    page = client.get(answer_url(reference))
    assert page.status_code == 200 and "Give a reference for Amira Khan" in page.content.decode()
    response = client.post(answer_url(reference), ANSWER)
    assert response.status_code == 200 and "Reference sent" in response.content.decode()
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.ANSWERED

    again = client.post(answer_url(reference), {**ANSWER, "comments": "Changed"})
    assert again.status_code == 400
    assert "already been given" in again.content.decode()
    reference.refresh_from_db()
    assert reference.comments == "Great"


def test_an_expired_link_answers_clearly(client, passport):
    reference = ReferenceFactory(passport=passport)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        for response in (client.get(answer_url(reference)), client.post(answer_url(reference), ANSWER)):
            assert response.status_code == 400
            assert "This link has expired" in response.content.decode()
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.REQUESTED and not reference.known_for


def test_a_withdrawn_or_made_up_link_answers_clearly(client, passport):
    withdrawn = ReferenceFactory(passport=passport, status=ReferenceStatus.WITHDRAWN)
    response = client.post(answer_url(withdrawn), ANSWER)
    assert response.status_code == 400 and "withdrawn this request" in response.content.decode()
    response = client.get(reverse("volunteers:references-answer", args=["made-up"]))
    assert response.status_code == 400 and "This link is not valid" in response.content.decode()
    withdrawn.refresh_from_db()
    assert withdrawn.status == ReferenceStatus.WITHDRAWN


@pytest.mark.parametrize(("change", "message"), [
    ({"known_for": ""}, "Enter how long you have known the volunteer"),
    ({"capacity": ""}, "Enter in what capacity you know the volunteer"),
    ({"recommendation": "perhaps"}, "Select whether you would recommend the volunteer"),
    ({"confidential": ""}, "Select whether your answer is confidential"),
    ({"comments": "x" * 5001}, "Comments must be 5,000 characters or fewer"),
])
def test_referee_form_bad_input(client, passport, change, message):
    reference = ReferenceFactory(passport=passport)
    response = client.post(answer_url(reference), {**ANSWER, **change})
    assert response.status_code == 200 and message in response.content.decode()
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.REQUESTED


def test_the_holder_never_sees_a_confidential_answer(client, holder, passport):
    ReferenceFactory(passport=passport, secret=True, referee_name="Secret Referee")
    ReferenceFactory(passport=passport, answered=True, comments="Open comment", referee_name="Open Referee")
    client.force_login(holder)
    page = client.get(LIST).content.decode()
    assert "Secret Referee" in page and "asked for their answer to be confidential" in page
    assert "SECRET" not in page
    assert "Open comment" in page


def test_withdraw_and_resend_from_the_list(client, holder, passport, django_capture_on_commit_callbacks):
    reference = ReferenceFactory(passport=passport)
    client.force_login(holder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("volunteers:references-resend", args=[reference.pk]))
    assert response.status_code == 302 and len(mail.outbox) == 1
    url = reverse("volunteers:references-withdraw", args=[reference.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.WITHDRAWN
    again = client.get(url)
    assert again.status_code == 400 and "already withdrawn" in again.content.decode()
    response = client.post(reverse("volunteers:references-resend", args=[reference.pk]), follow=True)
    assert "cannot be sent again" in response.content.decode()
    assert client.get(reverse("volunteers:references-resend", args=[reference.pk])).status_code == 405


def test_someone_elses_reference_is_not_found(client, passport):
    reference = ReferenceFactory(passport=passport)
    client.force_login(UserFactory())
    assert client.get(reverse("volunteers:references-withdraw", args=[reference.pk])).status_code == 404
    assert client.post(reverse("volunteers:references-withdraw", args=[reference.pk])).status_code == 404
    assert client.post(reverse("volunteers:references-resend", args=[reference.pk])).status_code == 404
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.REQUESTED


def test_an_organisation_with_references_shared_reads_every_answer_and_the_view_is_logged(
        client, passport, organisation, coordinator):
    ReferenceFactory(passport=passport, secret=True)
    ReferenceFactory(passport=passport)  # not answered: nothing to read
    share(passport, organisation)
    client.force_login(coordinator)
    response = client.get(shared_url(organisation, passport))
    assert response.status_code == 200
    assert "SECRET-COMMENT" in response.content.decode()
    view = PassportView.objects.get()
    assert (view.viewer, view.organisation, view.sections, view.channel) == (
        coordinator, organisation, [Section.REFERENCES], "page")


@pytest.mark.parametrize("situation", ["no share", "other sections", "revoked", "expired", "plain member",
                                       "other organisation", "unverified organisation"])
def test_no_consent_no_references(client, passport, organisation, coordinator, situation):
    ReferenceFactory(passport=passport, answered=True)
    viewer, target = coordinator, organisation
    if situation == "other sections":
        share(passport, organisation, sections=[Section.PROFILE, Section.HISTORY])
    elif situation == "revoked":
        s = share(passport, organisation)
        s.revoked_at = timezone.now()
        s.save()
    elif situation == "expired":
        share(passport, organisation, days=-1)
    elif situation == "plain member":
        share(passport, organisation)
        viewer = MembershipFactory(organisation=organisation, roles=["finance"]).user
    elif situation == "other organisation":
        share(passport, organisation)
        viewer = MembershipFactory(organisation=VerifiedOrganisationFactory(), roles=["coordinator"]).user
    elif situation == "unverified organisation":
        target = OrganisationFactory()
        share(passport, target)
        viewer = MembershipFactory(organisation=target, roles=["coordinator"]).user
    client.force_login(viewer)
    assert client.get(shared_url(target, passport)).status_code == 404
    assert not PassportView.objects.exists()


def test_missing_organisation_or_passport_is_not_found(client, passport, organisation, coordinator):
    client.force_login(coordinator)
    assert client.get(shared_url(organisation, passport).replace(f"/{passport.pk}/", "/999999/")).status_code == 404
    assert client.get(reverse("volunteers:references-shared", args=[999999, passport.pk])).status_code == 404
