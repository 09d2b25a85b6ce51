"""Spend with SMEs and VCSEs against each council's target, by financial year; the target set by its officers;
and followers told once when an exercise's bids open and close."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from services.commissioning import selectors, services
from services.commissioning.models import Award, Exercise
from services.commissioning.tasks import exercises_announce_task
from services.following import follow_add

from .factories import close_bids, day, evaluated, exercise_of, open_bids, score_all, submitted_bid

pytestmark = pytest.mark.django_db


def _award(town, service, *, kind, value, title):
    exercise = exercise_of(town, service, title=title, lots=[{"title": "Whole contract"}])
    bid = submitted_bid(exercise, kind=kind, price=value)
    panel = evaluated(town, exercise, evaluators=1)
    score_all(panel, bid, {"Quality of the service": [4], "Social value": [4]})
    return services.award_confirm(actor=town.officer, lot=panel.lot(), contract_value=value)


class TestSpend:
    def test_awarded_spend_is_reported_by_kind_against_the_default_target(self, town, service):
        _award(town, service, kind="small", value="100000", title="Parks")
        _award(town, service, kind="vcse", value="50000", title="Youth")
        _award(town, service, kind="large", value="350000", title="Waste")
        report = selectors.council_spend(town.organisation)
        figures = report.overall
        assert (figures.total, figures.small, figures.vcse, figures.large) == (
            Decimal("500000"), Decimal("100000"), Decimal("50000"), Decimal("350000"))
        assert figures.sme_share == Decimal("20.0") and figures.vcse_share == Decimal("10.0")
        assert figures.sme_vcse_share == Decimal("30.0")
        assert report.target == Decimal("33") and report.met(figures) is False
        assert len(report.years) == 1 and report.years[0].awards == 3

    def test_awards_fall_in_the_financial_year_of_their_notice(self, town, service):
        first = _award(town, service, kind="vcse", value="10000", title="Parks")
        _award(town, service, kind="large", value="10000", title="Waste")
        Award.objects.filter(pk=first.pk).update(notice_on=datetime.date(2020, 3, 31))
        report = selectors.council_spend(town.organisation)
        assert [y.label for y in report.years][-1] == "April 2019 to March 2020"
        assert report.years[-1].sme_vcse_share == Decimal("100.0") and report.met(report.years[-1])

    def test_a_council_without_awards_has_no_share(self, town):
        report = selectors.council_spend(town.organisation)
        assert report.overall.sme_vcse_share is None and report.met(report.overall) is None

    def test_officers_set_their_councils_target(self, town):
        services.spend_target_set(actor=town.officer, organisation=town.organisation, percent="40")
        assert selectors.spend_target(town.organisation) == Decimal("40")
        entry = AuditEntry.objects.get(action="services.spend_target_set")
        assert entry.changes == {"percent": ["33", "40"]}

    @pytest.mark.parametrize("percent", ["0", "101", "a third", "", "33.33", "-5"])
    def test_a_target_outside_0_to_100_is_refused(self, town, percent):
        with pytest.raises(ValidationError) as error:
            services.spend_target_set(actor=town.officer, organisation=town.organisation, percent=percent)
        assert "Enter the target as a percentage" in error.value.message_dict["percent"][0]

    def test_only_the_councils_officers_set_its_target(self, town):
        with pytest.raises(PermissionDenied):
            services.spend_target_set(actor=town.resident(), organisation=town.organisation, percent="50")


class TestAnnouncements:
    def test_followers_are_told_once_when_bids_open_and_once_when_they_close(self, town, service):
        exercise = exercise_of(town, service)
        follower = town.resident()
        follow_add(actor=follower, target=exercise)
        assert services.exercises_announce() == 0
        open_bids(exercise)
        assert exercises_announce_task.delay().get() == 1
        assert services.exercises_announce() == 0
        close_bids(exercise)
        assert services.exercises_announce() == 1
        subjects = list(Delivery.objects.filter(recipient=follower, channel="email").values_list("subject",
                                                                                                 flat=True))
        assert any("Bids are open for" in s for s in subjects) and any("Bids have closed for" in s for s in subjects)
        assert len(subjects) == 2

    def test_an_exercise_found_already_closed_is_announced_closed_only(self, town, service):
        exercise = close_bids(exercise_of(town, service))
        follow_add(actor=town.resident(), target=exercise)
        assert services.exercises_announce(today=day(0)) == 1
        exercise = Exercise.objects.get()
        assert exercise.opening_announced_at is not None and exercise.closing_announced_at is not None
        assert Delivery.objects.filter(subject__contains="Bids have closed", channel="email").count() == 1


def test_the_announcements_run_every_hour_from_the_beat_schedule(settings):
    tasks = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    schedule = tasks["services.commissioning.tasks.exercises_announce_task"]
    assert schedule.minute == {5} and len(schedule.hour) == 24
