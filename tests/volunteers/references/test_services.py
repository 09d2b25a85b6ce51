"""The reference services: asking, resending, withdrawing and answering, each audited and checked."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.organisations.tokens import hash_token
from tests.accounts.factories import UserFactory
from volunteers.models import Recommendation, Reference, ReferenceStatus
from volunteers.services.references import (
    MAX_OPEN_REQUESTS,
    reference_answer,
    reference_request,
    reference_resend,
    reference_withdraw,
)

from .factories import ReferenceFactory, token_of

ANSWER = {"known_for": "3 years", "capacity": "Manager", "recommendation": Recommendation.YES,
          "comments": "Great", "confidential": False}


def actions(name):
    return AuditEntry.objects.filter(action=f"volunteers.{name}")


def ask(holder, passport, **overrides):
    data = {"referee_name": "Jo Bloggs", "referee_email": "Jo@Example.org", "relationship": "Manager"}
    return reference_request(actor=holder, passport=passport, **{**data, **overrides})


def test_request_emails_a_single_use_link_and_keeps_only_its_hash(holder, passport,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reference = ask(holder, passport)
    assert reference.referee_email == "jo@example.org"
    assert reference.token_hash == hash_token(reference.token) != reference.token
    assert reference.expires_at - reference.requested_at == datetime.timedelta(days=14)
    [message] = mail.outbox
    assert message.to == ["jo@example.org"]
    assert "Amira Khan" in message.subject
    assert f"/volunteering/references/answer/{reference.token}/" in message.body
    assert actions("reference_requested").get().actor == holder


def test_the_request_is_emailed_even_when_the_holder_turned_email_off(holder, passport,
                                                                     django_capture_on_commit_callbacks):
    holder.contact_by_email = False
    holder.save()
    with django_capture_on_commit_callbacks(execute=True):
        ask(holder, passport)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(("overrides", "field"), [
    ({"referee_name": "  "}, "referee_name"),
    ({"referee_name": "x" * 201}, "referee_name"),
    ({"referee_email": ""}, "referee_email"),
    ({"referee_email": "not-an-email"}, "referee_email"),
    ({"relationship": ""}, "relationship"),
    ({"relationship": "x" * 201}, "relationship"),
])
def test_request_bad_input_changes_nothing(holder, passport, overrides, field):
    with pytest.raises(ValidationError) as caught:
        ask(holder, passport, **overrides)
    assert field in caught.value.message_dict
    assert not Reference.objects.exists()
    assert not mail.outbox


def test_nobody_is_their_own_referee(holder, passport):
    with pytest.raises(ValidationError) as caught:
        ask(holder, passport, referee_email=holder.email.upper())
    assert "your own referee" in caught.value.message_dict["referee_email"][0]


def test_the_same_referee_cannot_be_asked_twice_while_waiting(holder, passport):
    ask(holder, passport)
    with pytest.raises(ValidationError) as caught:
        ask(holder, passport, referee_email="jo@example.org")
    assert "Resend" in caught.value.message_dict["referee_email"][0]


def test_open_requests_are_limited(holder, passport):
    ReferenceFactory.create_batch(MAX_OPEN_REQUESTS, passport=passport)
    with pytest.raises(ValidationError, match="Withdraw one"):
        ask(holder, passport)


def test_only_the_holder_with_a_confirmed_email_may_ask(holder, passport):
    for actor in (UserFactory(), None, UserFactory(verified=False)):
        with pytest.raises(PermissionDenied):
            ask(actor, passport)
    unconfirmed = UserFactory(verified=False)
    from tests.volunteers.factories import PassportFactory
    with pytest.raises(PermissionDenied):
        ask(unconfirmed, PassportFactory(holder=unconfirmed))


def test_answer_records_it_once_and_tells_the_holder(passport, holder, django_capture_on_commit_callbacks):
    reference = ReferenceFactory(passport=passport)
    with django_capture_on_commit_callbacks(execute=True):
        reference_answer(token=token_of(reference), **ANSWER)
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.ANSWERED
    assert (reference.known_for, reference.capacity, reference.recommendation) == ("3 years", "Manager", "yes")
    entry = actions("reference_answered").get()
    assert entry.actor is None and entry.metadata["referee_email"] == reference.referee_email
    assert any(holder.email in message.to for message in mail.outbox)

    with pytest.raises(ValidationError, match="already been given"):
        reference_answer(token=token_of(reference), **{**ANSWER, "comments": "Changed my mind"})
    reference.refresh_from_db()
    assert reference.comments == "Great"
    assert actions("reference_answered").count() == 1


def test_an_expired_link_cannot_be_used(passport):
    reference = ReferenceFactory(passport=passport)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=14, seconds=1)):
        with pytest.raises(ValidationError, match="expired"):
            reference_answer(token=token_of(reference), **ANSWER)
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.REQUESTED and not reference.known_for


def test_a_link_works_until_its_last_moment(passport):
    reference = ReferenceFactory(passport=passport)
    with time_machine.travel(reference.expires_at - datetime.timedelta(seconds=5)):
        reference_answer(token=token_of(reference), **ANSWER)


def test_a_withdrawn_or_unknown_link_cannot_be_used(passport):
    reference = ReferenceFactory(passport=passport, status=ReferenceStatus.WITHDRAWN)
    with pytest.raises(ValidationError, match="withdrawn"):
        reference_answer(token=token_of(reference), **ANSWER)
    for token in ("", "nope", "x" * 500):
        with pytest.raises(ValidationError, match="not valid"):
            reference_answer(token=token, **ANSWER)


@pytest.mark.parametrize(("overrides", "field"), [
    ({"known_for": ""}, "known_for"), ({"known_for": "x" * 101}, "known_for"), ({"capacity": " "}, "capacity"),
    ({"recommendation": "maybe"}, "recommendation"), ({"comments": "x" * 5001}, "comments"),
    ({"confidential": "yes"}, "confidential"),
])
def test_answer_bad_input_changes_nothing(passport, overrides, field):
    reference = ReferenceFactory(passport=passport)
    with pytest.raises(ValidationError) as caught:
        reference_answer(token=token_of(reference), **{**ANSWER, **overrides})
    assert field in caught.value.message_dict
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.REQUESTED


def test_resend_replaces_the_link_and_revives_an_expired_request(holder, passport,
                                                                 django_capture_on_commit_callbacks):
    reference = ReferenceFactory(passport=passport, expires_at=timezone.now() - datetime.timedelta(days=1))
    old_token = token_of(reference)
    with django_capture_on_commit_callbacks(execute=True):
        resent = reference_resend(actor=holder, reference=reference)
    assert resent.expires_at > timezone.now() + datetime.timedelta(days=13)
    assert len(mail.outbox) == 1 and resent.token in mail.outbox[0].body
    with pytest.raises(ValidationError, match="not valid"):
        reference_answer(token=old_token, **ANSWER)
    reference_answer(token=resent.token, **ANSWER)
    assert actions("reference_resent").count() == 1


def test_withdraw_stops_the_link_and_answered_requests_stay(holder, passport):
    reference = ReferenceFactory(passport=passport)
    reference_withdraw(actor=holder, reference=reference)
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.WITHDRAWN
    assert actions("reference_withdrawn").count() == 1
    with pytest.raises(ValidationError, match="already withdrawn"):
        reference_withdraw(actor=holder, reference=reference)
    with pytest.raises(ValidationError, match="cannot be sent again"):
        reference_resend(actor=holder, reference=reference)
    answered = ReferenceFactory(passport=passport, answered=True)
    with pytest.raises(ValidationError, match="already answered"):
        reference_withdraw(actor=holder, reference=answered)
    with pytest.raises(ValidationError, match="already answered"):
        reference_resend(actor=holder, reference=answered)


def test_only_the_holder_may_withdraw_or_resend(passport):
    reference = ReferenceFactory(passport=passport)
    for actor in (UserFactory(), None):
        with pytest.raises(PermissionDenied):
            reference_withdraw(actor=actor, reference=reference)
        with pytest.raises(PermissionDenied):
            reference_resend(actor=actor, reference=reference)
