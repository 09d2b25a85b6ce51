"""notify: rendering, contact preferences, essential events and idempotency."""

import pytest
from django.core import mail

from covenant.notifications import services
from covenant.notifications.models import Channel, Delivery, DeliveryStatus, Notification
from covenant.notifications.services import mark_essential, notify

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def essential_events():
    before = set(services.ESSENTIAL_EVENTS)
    yield services.ESSENTIAL_EVENTS
    services.ESSENTIAL_EVENTS.clear()
    services.ESSENTIAL_EVENTS.update(before)


def test_email_and_in_app_are_delivered_after_commit(django_capture_on_commit_callbacks):
    person = UserFactory(preferred_name="Sam", email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.greeting", recipient=person, context={"group": "Hill Street"}, url="/groups/1")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    # Plain text is not HTML-escaped.
    assert message.subject == "Hello Sam & welcome to Covenant"
    assert "You joined Hill Street & friends." in message.body
    assert "http://" in message.body and "/groups/1" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Hill Street &amp; friends" in html

    notification = Notification.objects.get(recipient=person)
    assert notification.title == "Hello Sam & welcome to Covenant"
    assert notification.url == "/groups/1"
    assert notification.read_at is None
    statuses = dict(Delivery.objects.values_list("channel", "status"))
    assert statuses == {Channel.EMAIL: DeliveryStatus.SENT, Channel.IN_APP: DeliveryStatus.SENT}


def test_nothing_is_sent_before_the_transaction_commits(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(event="tests.greeting", recipient=person, context={"group": "A"})
    assert len(callbacks) == 2
    assert mail.outbox == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PENDING}


def test_the_same_event_twice_sends_once(django_capture_on_commit_callbacks):
    person = UserFactory()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            notify(event="tests.greeting", recipient=person, context={"group": "A"}, key="join-1")
    assert len(callbacks) == 0  # the second call enqueued nothing
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=person).count() == 1
    assert Delivery.objects.count() == 2


def test_without_a_key_the_same_context_is_the_same_message(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.greeting", recipient=person, context={"group": "A"})
        notify(event="tests.greeting", recipient=person, context={"group": "A"})
        notify(event="tests.greeting", recipient=person, context={"group": "B"})
    assert [m.body.splitlines()[0] for m in mail.outbox] == ["You joined A & friends.", "You joined B & friends."]


def test_a_different_key_is_a_new_message(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.greeting", recipient=person, context={"group": "A"}, key="1")
        notify(event="tests.greeting", recipient=person, context={"group": "A"}, key="2")
    assert len(mail.outbox) == 2


def test_a_long_key_is_hashed_and_still_idempotent(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.greeting", recipient=person, context={"group": "A"}, key="k" * 500)
        notify(event="tests.greeting", recipient=person, context={"group": "A"}, key="k" * 500)
    assert len(mail.outbox) == 1
    assert len(Delivery.objects.first().key) == 64


def test_running_the_task_again_sends_nothing(django_capture_on_commit_callbacks):
    from covenant.notifications.tasks import deliver

    person = UserFactory(contact_in_app=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.greeting", recipient=person, context={"group": "A"})
    delivery = Delivery.objects.get()
    assert deliver.delay(delivery.pk).get() == DeliveryStatus.SENT
    assert deliver.delay(delivery.pk).get() == DeliveryStatus.SENT
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_a_missing_delivery_is_ignored():
    from covenant.notifications.tasks import deliver

    assert deliver.delay(987654).get() is None


def test_email_preference_off_means_no_email(django_capture_on_commit_callbacks):
    person = UserFactory(contact_by_email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.greeting", recipient=person, context={"group": "A"})
    assert mail.outbox == []
    assert list(Delivery.objects.values_list("channel", flat=True)) == [Channel.IN_APP]


def test_in_app_preference_off_means_no_in_app(django_capture_on_commit_callbacks):
    person = UserFactory(contact_in_app=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.greeting", recipient=person, context={"group": "A"})
    assert len(mail.outbox) == 1
    assert not Notification.objects.exists()


def test_everything_off_delivers_nothing(django_capture_on_commit_callbacks):
    person = UserFactory(contact_by_email=False, contact_in_app=False, contact_by_sms=True, phone="+447700900123")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.greeting", recipient=person, context={"group": "A"})
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_essential_events_email_people_who_turned_email_off(django_capture_on_commit_callbacks, essential_events):
    mark_essential("tests.greeting")
    person = UserFactory(contact_by_email=False, contact_in_app=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.greeting", recipient=person, context={"group": "A"})
        notify(event="tests.nosms", recipient=person, context={"thing": "B"})
    assert [m.subject for m in mail.outbox] == ["Hello " + person.display_name + " & welcome to Covenant"]


def test_sms_is_not_attempted_without_notify(django_capture_on_commit_callbacks):
    person = UserFactory(contact_by_sms=True, phone="+447700900123")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.greeting", recipient=person, context={"group": "A"})
    assert not Delivery.objects.filter(channel=Channel.SMS).exists()


def test_people_without_an_account_get_email_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.nosms", email="  New.Person@Example.org ", context={"thing": "an invitation"})
        notify(event="tests.nosms", email="new.person@example.org", context={"thing": "an invitation"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert "Only email and in-app for an invitation." in mail.outbox[0].body
    delivery = Delivery.objects.get()
    assert delivery.recipient is None and delivery.recipient_key == "email:new.person@example.org"


def test_deactivated_people_are_not_notified(django_capture_on_commit_callbacks):
    person = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.greeting", recipient=person, context={"group": "A"})
    assert not Delivery.objects.exists()


def test_deactivated_between_notify_and_send_is_skipped(django_capture_on_commit_callbacks):
    person = UserFactory(contact_in_app=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(event="tests.greeting", recipient=person, context={"group": "A"})
    person.is_active = False
    person.save()
    for callback in callbacks:
        callback()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SKIPPED
    assert "deactivated" in delivery.last_error
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"event": "tests.greeting"}, "exactly one of recipient or email"),
        ({"event": "tests.greeting", "email": "not-an-email"}, "not a valid email address"),
        ({"event": "", "email": "a@example.org"}, "Give an event name"),
        ({"event": "tests.missing", "email": "a@example.org"}, "has no template notifications/tests.missing/subject.txt"),
        ({"event": "tests.greeting", "email": "a@example.org", "url": "/" + "x" * 600}, "at most 500"),
    ],
)
def test_bad_calls_say_what_is_wrong(kwargs, message):
    with pytest.raises(ValueError, match=message):
        notify(**kwargs)
    assert not Delivery.objects.exists()


def test_recipient_and_email_together_is_an_error():
    with pytest.raises(ValueError, match="exactly one"):
        notify(event="tests.greeting", recipient=UserFactory(), email="a@example.org")
