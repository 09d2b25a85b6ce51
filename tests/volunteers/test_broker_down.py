"""A need published or a passport widened while the broker is down: the change stands, for the batch to match."""

import logging

import pytest

from tests.organisations.factories import admin_of
from tests.volunteers.factories import NeedFactory, PassportFactory, ShiftFactory
from volunteers.models import NeedStatus, Offer, Passport
from volunteers.services.needs import need_publish
from volunteers.services.passport import passport_update_profile
from volunteers.tasks_matching import matching_need_task, matching_passport_task

pytestmark = pytest.mark.django_db


def test_a_need_published_while_the_broker_is_down_is_published(broker, caplog, django_capture_on_commit_callbacks):
    broker.watch(matching_need_task).go_down()
    need = NeedFactory(status=NeedStatus.DRAFT)
    ShiftFactory(need=need)

    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        need_publish(actor=admin_of(need.organisation), need=need)

    need.refresh_from_db()
    assert need.status == NeedStatus.PUBLISHED
    assert broker.enqueued == [(matching_need_task.name, (need.pk,))]
    assert not Offer.objects.exists()
    assert f"Could not enqueue {matching_need_task.name}({need.pk},)" in caplog.text


def test_a_passport_widened_while_the_broker_is_down_keeps_the_change(broker, caplog,
                                                                       django_capture_on_commit_callbacks):
    broker.watch(matching_passport_task).go_down()
    passport = PassportFactory()

    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        passport_update_profile(actor=passport.holder, passport=passport, max_travel_km=40)

    assert Passport.objects.get(pk=passport.pk).max_travel_km == 40
    assert broker.enqueued == [(matching_passport_task.name, (passport.pk,))]
    assert f"Could not enqueue {matching_passport_task.name}({passport.pk},)" in caplog.text
