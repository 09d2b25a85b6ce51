"""Cancelling an exercise before its award and removing an evaluator: through the services and the real views,
with bad input, the people who may not (the same 404 for missing and forbidden), and what each change stops."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from services.commissioning import scoring, selectors, services
from services.commissioning.models import Evaluator, Exercise, ExerciseStatus, Score
from services.following import follow_add

from .factories import (
    bidder,
    evaluated,
    exercise_of,
    officer_of,
    open_bids,
    score_all,
    submitted_bid,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"services:commissioning-{name}", args=args)


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def exercise(town, service):
    return exercise_of(town, service)


@pytest.fixture
def other_council(db):
    """Another council, whose officer manages nothing of `town`'s."""
    from tests.services.factories import council

    return council("E08000037", "Gateshead")


def _scores(exercise, score=3):
    return {c.pk: (score, "Clear plan") for c in exercise.criteria.exclude(kind="price")}


# Cancelling ------------------------------------------------------------------------------------------------------

class TestCancelling:
    def test_an_officer_cancels_and_bidders_and_followers_are_told(self, town, exercise):
        bid = submitted_bid(exercise)
        drafter, organisation = bidder("vcse")
        draft = services.bid_start(actor=drafter, lot=exercise.lots.get(number=1), organisation=organisation)
        follower = town.resident()
        follow_add(actor=follower, target=exercise)
        cancelled = services.exercise_cancel(actor=town.officer, exercise=exercise,
                                             reason="  The service is coming back in house  ")
        assert cancelled.status == ExerciseStatus.CANCELLED
        assert (cancelled.cancelled_by, cancelled.cancelled_reason) == (town.officer,
                                                                        "The service is coming back in house")
        entry = AuditEntry.objects.get(action="services.exercise_cancelled")
        assert entry.metadata == {"reason": "The service is coming back in house", "bids_submitted": 1,
                                  "bids_started": 1}
        told = Delivery.objects.filter(event="services_commissioning.exercise_cancelled", channel="email")
        assert {d.recipient for d in told} == {bid.submitted_by, drafter}
        assert told.first().subject == "Youth services from April is cancelled"
        moved = Delivery.objects.get(event="services.followed_moved", recipient=follower, channel="email")
        assert "The service is coming back in house" in moved.body
        # The bidder follows it too, but hears once.
        assert not Delivery.objects.filter(event="services.followed_moved", recipient=bid.submitted_by).exists()
        # Nothing more happens in it: no bids started, changed or submitted.
        with pytest.raises(ValidationError, match="was cancelled on"):
            services.bid_set_price(actor=drafter, bid=draft, price="100")
        with pytest.raises(ValidationError, match="You can no longer bid"):
            services.bid_start(actor=drafter, lot=exercise.lots.get(number=2), organisation=organisation)
        assert selectors.timing(cancelled).label == "Cancelled"

    def test_a_cancelled_exercise_is_not_scored_or_awarded(self, town, exercise):
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise, evaluators=1)
        score_all(panel, bid, {"Quality of the service": [4], "Social value": [3]})
        services.exercise_cancel(actor=town.officer, exercise=exercise, reason="Budget withdrawn")
        with pytest.raises(ValidationError, match="no longer scored"):
            services.scores_record(actor=panel.evaluators[0], bid=bid, scores=_scores(exercise))
        with pytest.raises(ValidationError, match="cannot be awarded"):
            services.award_confirm(actor=town.officer, lot=bid.lot, contract_value="1000")
        assert not panel.evaluators[0].has_perm("services_commissioning.score_bid", bid)
        with pytest.raises(ValidationError, match="cannot be cancelled again"):
            services.exercise_cancel(actor=town.officer, exercise=exercise, reason="Again")
        assert services.exercises_announce() == 0

    @pytest.mark.parametrize(("reason", "message"), [
        ("", "Enter why the exercise is cancelled. Bidders and the public read it"),
        ("   ", "Enter why the exercise is cancelled. Bidders and the public read it"),
        ("x" * 5001, "The reason must be 5,000 characters or fewer"),
    ])
    def test_a_reason_is_needed_and_nothing_is_saved_without_one(self, town, exercise, reason, message):
        with pytest.raises(ValidationError) as error:
            services.exercise_cancel(actor=town.officer, exercise=exercise, reason=reason)
        assert error.value.message_dict["reason"] == [message]
        assert Exercise.objects.get().status == ExerciseStatus.PUBLISHED
        assert not AuditEntry.objects.filter(action="services.exercise_cancelled").exists()

    def test_drafts_and_awarded_exercises_are_not_cancelled(self, town, service, exercise):
        draft = exercise_of(town, service, publish=False, title="A draft")
        with pytest.raises(ValidationError, match="Only a published exercise"):
            services.exercise_cancel(actor=town.officer, exercise=draft, reason="No")
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise, evaluators=1)
        score_all(panel, bid, {"Quality of the service": [4], "Social value": [3]})
        services.award_confirm(actor=town.officer, lot=bid.lot, contract_value="1000")
        with pytest.raises(ValidationError, match="Lot 1 has been awarded"):
            services.exercise_cancel(actor=town.officer, exercise=exercise, reason="Too late")
        assert Exercise.objects.get(pk=exercise.pk).status == ExerciseStatus.AWARDED

    def test_only_the_councils_officers_cancel(self, town, exercise, other_council):
        for person in (town.resident(), other_council.officer, bidder()[0]):
            with pytest.raises(PermissionDenied):
                services.exercise_cancel(actor=person, exercise=exercise, reason="No")
        assert Exercise.objects.get().status == ExerciseStatus.PUBLISHED

    def test_cancelling_from_the_pages(self, client, town, exercise, other_council):
        open_bids(exercise)
        client.force_login(town.officer)
        manage = html(client.get(url("manage-exercise", exercise.reference)))
        assert url("manage-cancel", exercise.reference) in manage
        empty = client.post(url("manage-cancel", exercise.reference), {"reason": ""})
        assert "govuk-error-summary" in html(empty) and "Enter why the exercise is cancelled" in html(empty)
        done = client.post(url("manage-cancel", exercise.reference), {"reason": "Budget withdrawn"})
        assert done.status_code == 302 and done.url == url("manage-exercise", exercise.reference)
        assert "Cancelled on" in html(client.get(url("manage-exercise", exercise.reference)))
        assert client.get(url("manage-cancel", exercise.reference)).status_code == 404
        client.logout()
        public = html(client.get(url("exercise", exercise.reference)))
        assert "cancelled this exercise" in public and "Budget withdrawn" in public
        assert url("bid-choose", exercise.reference) not in public
        assert "Cancelled" in html(client.get(url("list")))
        for person in (town.resident(), other_council.officer):
            client.force_login(person)
            assert client.get(url("manage-cancel", exercise.reference)).status_code == 404
        assert client.get(url("manage-cancel", "no-such-exercise")).status_code == 404

    def test_the_api_says_it_is_cancelled(self, client, town, exercise):
        services.exercise_cancel(actor=town.officer, exercise=exercise, reason="Budget withdrawn")
        data = client.get(f"/api/v1/services/commissioning/exercises/{exercise.reference}/").json()
        assert (data["status"], data["phase"], data["cancelled_reason"]) == ("cancelled", "cancelled",
                                                                            "Budget withdrawn")


# Removing evaluators ---------------------------------------------------------------------------------------------

class TestRemovingEvaluators:
    def test_an_evaluator_who_has_not_scored_is_removed_without_a_reason(self, town, exercise):
        colleague = officer_of(town)
        evaluator = services.evaluator_assign(actor=town.officer, exercise=exercise, user=colleague)
        services.evaluator_remove(actor=town.officer, evaluator=evaluator)
        evaluator.refresh_from_db()
        assert evaluator.removed_at is not None and evaluator.removed_by == town.officer
        assert not colleague.has_perm("services_commissioning.evaluate_exercise", exercise)
        assert AuditEntry.objects.get(action="services.evaluator_removed").metadata["scores_excluded"] == 0
        assert Delivery.objects.filter(event="services_commissioning.evaluator_removed", recipient=colleague).exists()
        with pytest.raises(ValidationError, match="is no longer an evaluator"):
            services.evaluator_remove(actor=town.officer, evaluator=evaluator, reason="Again")
        with pytest.raises(ValidationError, match="was removed from evaluating this exercise"):
            services.evaluator_assign(actor=town.officer, exercise=exercise, user=colleague)

    def test_one_who_has_scored_needs_a_reason_and_their_scores_stop_counting(self, town, exercise):
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise, evaluators=2)
        score_all(panel, bid, {"Quality of the service": [5, 1], "Social value": [5, 1]})
        harsh = Evaluator.objects.get(user=panel.evaluators[1])
        with pytest.raises(ValidationError) as error:
            services.evaluator_remove(actor=town.officer, evaluator=harsh, reason=" ")
        assert "They have scored bids" in error.value.message_dict["reason"][0]
        assert Evaluator.objects.get(pk=harsh.pk).removed_at is None
        quality_before = scoring.lot_ranking(bid.lot)[0].results[0].mean
        services.evaluator_remove(actor=town.officer, evaluator=harsh, reason="Scored without reading the bids")
        ranking = scoring.lot_ranking(bid.lot)
        assert (quality_before, ranking[0].results[0].mean) == (3, 5)
        assert Score.objects.filter(evaluator=harsh).count() == 2  # kept as the record
        entry = AuditEntry.objects.get(action="services.evaluator_removed")
        assert entry.metadata["scores_excluded"] == 2
        assert entry.metadata["reason"] == "Scored without reading the bids"
        with pytest.raises(ValidationError, match="You were removed"):
            services.scores_record(actor=panel.evaluators[1], bid=bid, scores=_scores(exercise))
        # The remaining evaluator's scores are enough to award.
        award = services.award_confirm(actor=town.officer, lot=bid.lot, contract_value="1000")
        assert award.ranking[0]["criteria"][0]["mean"] == "5.00"

    def test_not_after_the_award_and_only_by_the_councils_officers(self, town, exercise, other_council):
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise, evaluators=1)
        evaluator = Evaluator.objects.get(user=panel.evaluators[0])
        for person in (town.resident(), other_council.officer, bidder()[0]):
            with pytest.raises(PermissionDenied):
                services.evaluator_remove(actor=person, evaluator=evaluator, reason="No")
        score_all(panel, bid, {"Quality of the service": [4], "Social value": [3]})
        services.award_confirm(actor=town.officer, lot=bid.lot, contract_value="1000")
        with pytest.raises(ValidationError, match="has been awarded"):
            services.evaluator_remove(actor=town.officer, evaluator=evaluator, reason="Late")
        assert Evaluator.objects.get(pk=evaluator.pk).removed_at is None

    def test_removing_from_the_pages(self, client, town, exercise, other_council):
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise, evaluators=2)
        score_all(panel, bid, {"Quality of the service": [5, 1], "Social value": [5, 1]})
        scored = Evaluator.objects.get(user=panel.evaluators[1])
        remove = url("manage-evaluator-remove", exercise.reference, scored.pk)
        client.force_login(town.officer)
        assert remove in html(client.get(url("manage-evaluators", exercise.reference)))
        assert "They have given 2 scores" in html(client.get(remove))
        empty = client.post(remove, {"reason": ""})
        assert "govuk-error-summary" in html(empty) and "They have scored bids" in html(empty)
        done = client.post(remove, {"reason": "Conflict found later"})
        assert done.status_code == 302
        assert "Conflict found later" in html(client.get(url("manage-exercise", exercise.reference)))
        assert client.get(remove).status_code == 404  # already removed
        assert client.get(url("manage-evaluator-remove", exercise.reference, 999999)).status_code == 404
        other = exercise_of(town, exercise.service, title="Another exercise")
        assert client.get(url("manage-evaluator-remove", other.reference, scored.pk)).status_code == 404
        for person in (town.resident(), other_council.officer, bidder()[0]):
            client.force_login(person)
            keep = Evaluator.objects.get(user=panel.evaluators[0])
            assert client.get(url("manage-evaluator-remove", exercise.reference, keep.pk)).status_code == 404
            assert client.post(url("manage-evaluator-remove", exercise.reference, keep.pk),
                               {"reason": "x"}).status_code == 404
        assert Evaluator.objects.get(user=panel.evaluators[0]).removed_at is None
