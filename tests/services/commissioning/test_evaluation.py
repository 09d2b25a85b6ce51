"""Evaluation and award: conflicts declared before any bid is seen, scores on the scale with comments, the
moderated mean of evaluators without a conflict, price by its formula, the most advantageous tender with its tie
rule, and the award confirmed by an officer who declared no conflict, with its notice and standstill."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from services.commissioning import dates, scoring, selectors, services
from services.commissioning.models import Award, Bid, Evaluator, Exercise, ExerciseStatus, Score
from services.following import follow_add

from .factories import (
    close_bids,
    evaluated,
    exercise_of,
    officer_of,
    open_bids,
    score_all,
    submitted_bid,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(town, service):
    return exercise_of(town, service)


def _scores(exercise, score=3, comment="Clear plan"):
    return {c.pk: (score, comment) for c in exercise.criteria.exclude(kind="price")}


class TestConflicts:
    def test_evaluators_declare_once_bids_close_and_not_before(self, town, exercise):
        colleague = officer_of(town)
        services.evaluator_assign(actor=town.officer, exercise=exercise, user=colleague)
        with pytest.raises(ValidationError) as error:
            services.conflict_declare(actor=colleague, exercise=exercise, has_conflict=False)
        assert "once bids close on" in error.value.message_dict["has_conflict"][0]
        close_bids(exercise)
        evaluator = services.conflict_declare(actor=colleague, exercise=exercise, has_conflict=False)
        assert evaluator.may_score
        with pytest.raises(ValidationError) as error:
            services.conflict_declare(actor=colleague, exercise=exercise, has_conflict=True, details="Changed")
        assert "You declared on" in error.value.message_dict["has_conflict"][0]

    def test_a_declared_conflict_removes_the_evaluator_and_is_kept(self, town, exercise):
        colleague = officer_of(town)
        services.evaluator_assign(actor=town.officer, exercise=exercise, user=colleague)
        close_bids(exercise)
        with pytest.raises(ValidationError) as error:
            services.conflict_declare(actor=colleague, exercise=exercise, has_conflict=True, details=" ")
        assert error.value.message_dict["details"] == ["Say what the conflict of interest is"]
        services.conflict_declare(actor=colleague, exercise=exercise, has_conflict=True,
                                  details="My sister runs one of the bidders")
        evaluator = Evaluator.objects.get()
        assert evaluator.removed_at is not None and evaluator.conflict_details == "My sister runs one of the bidders"
        assert not colleague.has_perm("services_commissioning.evaluate_exercise", exercise)
        assert AuditEntry.objects.get(action="services.conflict_declared").metadata["has_conflict"] is True
        # Nor can they come back as an evaluator.
        with pytest.raises(ValidationError) as error:
            services.evaluator_assign(actor=town.officer, exercise=exercise, user=colleague)
        assert "declared a conflict of interest" in error.value.message_dict["user"][0]

    def test_someone_not_assigned_cannot_declare(self, town, exercise):
        close_bids(exercise)
        with pytest.raises(PermissionDenied):
            services.conflict_declare(actor=town.officer, exercise=exercise, has_conflict=False)


class TestScoring:
    def test_a_conflicted_evaluator_cannot_score(self, town, exercise):
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise, evaluators=1)
        conflicted = officer_of(town)
        services.evaluator_assign(actor=town.officer, exercise=exercise, user=conflicted)
        services.conflict_declare(actor=conflicted, exercise=exercise, has_conflict=True, details="Former employer")
        with pytest.raises(ValidationError) as error:
            services.scores_record(actor=conflicted, bid=bid, scores=_scores(exercise))
        assert "You declared a conflict of interest" in error.value.messages[0]
        bid = Bid.objects.get(pk=bid.pk)
        assert not conflicted.has_perm("services_commissioning.score_bid", bid)
        assert panel.evaluators[0].has_perm("services_commissioning.score_bid", bid)
        assert not Score.objects.exists()

    def test_an_evaluator_who_has_not_declared_cannot_score(self, town, exercise):
        bid = submitted_bid(exercise)
        colleague = officer_of(town)
        services.evaluator_assign(actor=town.officer, exercise=exercise, user=colleague)
        close_bids(exercise)
        with pytest.raises(ValidationError) as error:
            services.scores_record(actor=colleague, bid=bid, scores=_scores(exercise))
        assert "Declare whether you have a conflict" in error.value.messages[0]

    def test_bids_are_not_scored_before_they_close(self, town, exercise):
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise, evaluators=1)
        open_bids(exercise)
        with pytest.raises(ValidationError) as error:
            services.scores_record(actor=panel.evaluators[0], bid=bid, scores=_scores(exercise))
        assert "once they close" in error.value.messages[0]
        assert not panel.evaluators[0].has_perm("services_commissioning.view_bid", Bid.objects.get(pk=bid.pk))

    @pytest.mark.parametrize(("score", "comment", "key"), [
        (6, "Fine", "score"), (-1, "Fine", "score"), ("three", "Fine", "score"), (None, "Fine", "score"),
        (2.5, "Fine", "score"), (3, "", "comment"), (3, "x" * 5001, "comment"),
    ])
    def test_scores_outside_the_scale_or_without_a_comment_are_refused(self, town, exercise, score, comment, key):
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise, evaluators=1)
        quality = exercise.criteria.get(kind="quality")
        scores = _scores(exercise)
        scores[quality.pk] = (score, comment)
        with pytest.raises(ValidationError) as error:
            services.scores_record(actor=panel.evaluators[0], bid=bid, scores=scores)
        assert list(error.value.message_dict) == [f"{key}-{quality.pk}"]
        if key == "score":
            assert error.value.message_dict[f"score-{quality.pk}"] == [
                "Enter a score for Quality of the service from 0 to 5"]
        assert not Score.objects.exists()

    def test_a_ten_point_scale_takes_ten(self, town, service):
        exercise = exercise_of(town, service, scale_max=10)
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise, evaluators=1)
        services.scores_record(actor=panel.evaluators[0], bid=bid, scores=_scores(exercise, score=10))
        assert set(Score.objects.values_list("score", flat=True)) == {10}

    def test_scoring_again_changes_the_scores_and_is_audited(self, town, exercise):
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise, evaluators=1)
        services.scores_record(actor=panel.evaluators[0], bid=bid, scores=_scores(exercise, 2))
        services.scores_record(actor=panel.evaluators[0], bid=bid, scores=_scores(exercise, 4))
        assert set(Score.objects.values_list("score", flat=True)) == {4} and Score.objects.count() == 2
        entries = AuditEntry.objects.filter(action="services.bid_scored").order_by("pk")
        assert entries[1].changes["Social value"] == [2, 4]


class TestMethod:
    def test_the_weighted_score_follows_the_published_method(self, town, exercise):
        cheap = submitted_bid(exercise, price="400000", name="Cheap Ltd")
        dear = submitted_bid(exercise, price="500000", name="Dear Ltd")
        panel = evaluated(town, exercise)
        score_all(panel, cheap, {"Quality of the service": [3, 4], "Social value": [2, 2]})
        score_all(panel, dear, {"Quality of the service": [5, 5], "Social value": [5, 4]})
        ranking = scoring.lot_ranking(panel.lot())
        by_name = {entry.bid.organisation.name: entry for entry in ranking}
        # Quality 50%: mean 3.5 of 5 -> 35 points; social value 20%: mean 2 -> 8; price 30% at the lowest -> 30.
        assert by_name["Cheap Ltd"].total == Fraction(35) + 8 + 30
        # Quality 50 points; social value mean 4.5 -> 18; price 400000 / 500000 x 30 -> 24.
        assert by_name["Dear Ltd"].total == Fraction(50) + 18 + 24
        assert [entry.bid for entry in ranking] == [dear, cheap] and ranking[0].rank == 1

    def test_a_conflicted_evaluators_scores_never_count(self, town, exercise):
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise)
        score_all(panel, bid, {"Quality of the service": [5, 1], "Social value": [5, 1]})
        # The second evaluator declares a conflict after the fact (recorded by the officer's investigation).
        Evaluator.objects.filter(user=panel.evaluators[1]).update(has_conflict=True, conflict_details="Found later",
                                                                  removed_at=datetime.datetime(2026, 1, 1,
                                                                                               tzinfo=datetime.UTC))
        entry = scoring.lot_ranking(panel.lot())[0]
        assert [r.mean for r in entry.results if r.mean is not None] == [5, 5]

    def test_smes_and_vcses_get_the_lots_extra_points(self, town, service):
        exercise = exercise_of(town, service, lots=[{"title": "Whole contract", "sme_vcse_bonus": 5}])
        large = submitted_bid(exercise, kind="large", name="Big plc")
        vcse = submitted_bid(exercise, kind="vcse", name="Youth Trust")
        panel = evaluated(town, exercise, evaluators=1)
        for bid in (large, vcse):
            score_all(panel, bid, {"Quality of the service": [3], "Social value": [3]})
        ranking = scoring.lot_ranking(panel.lot())
        assert [(e.bid.organisation.name, e.bonus) for e in ranking] == [("Youth Trust", 5), ("Big plc", 0)]
        assert ranking[0].total - ranking[1].total == 5

    def test_ties_go_to_social_value_then_price_then_the_earlier_bid(self, town, service):
        criteria = [{"name": "Quality", "kind": "quality", "weight": 50},
                    {"name": "Social value", "kind": "social_value", "weight": 50}]
        exercise = exercise_of(town, service, criteria=criteria, lots=[{"title": "Whole"}])
        first = submitted_bid(exercise, price="100", name="First")
        social = submitted_bid(exercise, price="100", name="More social value")
        cheaper = submitted_bid(exercise, price="90", name="Cheaper")
        later = submitted_bid(exercise, price="100", name="Later")
        panel = evaluated(town, exercise, evaluators=1)
        # Every total is 60 (no price criterion): the social bid trades quality for social value.
        score_all(panel, first, {"Quality": [3], "Social value": [3]})
        score_all(panel, social, {"Quality": [1], "Social value": [5]})
        score_all(panel, cheaper, {"Quality": [3], "Social value": [3]})
        score_all(panel, later, {"Quality": [3], "Social value": [3]})
        ranking = scoring.lot_ranking(panel.lot())
        assert {entry.total for entry in ranking} == {Fraction(60)}
        assert [e.bid.organisation.name for e in ranking] == ["More social value", "Cheaper", "First", "Later"]


class TestAward:
    def _scored(self, town, exercise):
        winner = submitted_bid(exercise, price="400000", name="Youth Trust", kind="vcse")
        runner = submitted_bid(exercise, price="350000", name="Big plc", kind="large")
        panel = evaluated(town, exercise)
        score_all(panel, winner, {"Quality of the service": [5, 4], "Social value": [5, 5]})
        score_all(panel, runner, {"Quality of the service": [3, 3], "Social value": [1, 2]})
        return panel, winner, runner

    def test_the_award_goes_to_the_most_advantageous_tender_with_its_dates_and_followers_are_told(self, town,
                                                                                               exercise):
        panel, winner, _runner = self._scored(town, exercise)
        follower = town.resident()
        follow_add(actor=follower, target=exercise)
        award = services.award_confirm(actor=town.officer, lot=panel.lot(), contract_value="400,000")
        assert award.bid == winner and award.supplier_kind == "vcse" and award.contract_value == Decimal("400000")
        # 45 (quality 4.5 of 5 x 50) + 20 (social value) + 26.25 (350000 / 400000 x 30)
        assert award.total_score == Decimal("91.25")
        assert award.standstill_ends_on == dates.standstill_ends_on(award.notice_on)
        assert [row["organisation"] for row in award.ranking] == ["Youth Trust", "Big plc"]
        assert AuditEntry.objects.filter(action="services.lot_awarded", actor=town.officer).exists()
        assert Delivery.objects.filter(event="services.followed_moved", recipient=follower,
                                       subject__contains="awarded to Youth Trust").exists()
        # Lot 2 had no bids, so the exercise is awarded once lot 1 is.
        assert Exercise.objects.get().status == ExerciseStatus.AWARDED

    def test_an_evaluator_with_a_conflict_cannot_confirm_the_award(self, town, exercise):
        panel, _, _ = self._scored(town, exercise)
        services.evaluator_assign(actor=town.officer, exercise=exercise, user=town.officer)
        services.conflict_declare(actor=town.officer, exercise=exercise, has_conflict=True, details="A director")
        with pytest.raises(ValidationError) as error:
            services.award_confirm(actor=town.officer, lot=panel.lot(), contract_value="400000")
        assert "another officer must confirm" in error.value.messages[0]
        # A colleague who evaluated without a conflict may.
        assert services.award_confirm(actor=panel.evaluators[0], lot=panel.lot(), contract_value="400000")

    def test_no_award_until_every_evaluator_has_scored_every_bid(self, town, exercise):
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise)
        services.scores_record(actor=panel.evaluators[0], bid=bid, scores=_scores(exercise))
        with pytest.raises(ValidationError) as error:
            services.award_confirm(actor=town.officer, lot=panel.lot(), contract_value="1")
        assert f"{panel.evaluators[1].display_name} has not scored" in error.value.messages[0]
        assert not Award.objects.exists()

    def test_no_award_without_an_evaluator_or_a_bid_or_before_bids_close(self, town, exercise):
        submitted_bid(exercise)
        with pytest.raises(ValidationError) as error:
            services.award_confirm(actor=town.officer, lot=exercise.lots.get(number=1), contract_value="1")
        assert "once bids close" in error.value.messages[0]
        close_bids(exercise)
        with pytest.raises(ValidationError) as error:
            services.award_confirm(actor=town.officer, lot=exercise.lots.get(number=1), contract_value="1")
        assert "No evaluator" in error.value.messages[0]
        with pytest.raises(ValidationError) as error:
            services.award_confirm(actor=town.officer, lot=exercise.lots.get(number=2), contract_value="1")
        assert "Lot 2 had no bids" in error.value.messages[0]

    @pytest.mark.parametrize("value", ["", "0", "free", "-10"])
    def test_the_contract_value_must_be_pounds_above_nothing(self, town, exercise, value):
        panel, _, _ = self._scored(town, exercise)
        with pytest.raises(ValidationError) as error:
            services.award_confirm(actor=town.officer, lot=panel.lot(), contract_value=value)
        assert "contract_value" in error.value.message_dict
        assert not Award.objects.exists()

    def test_a_lot_is_awarded_once_and_its_scores_then_stay(self, town, exercise):
        panel, winner, _ = self._scored(town, exercise)
        services.award_confirm(actor=town.officer, lot=panel.lot(), contract_value="400000")
        with pytest.raises(ValidationError) as error:
            services.award_confirm(actor=town.officer, lot=panel.lot(), contract_value="400000")
        assert "already been awarded" in error.value.messages[0]
        with pytest.raises(ValidationError) as error:
            services.scores_record(actor=panel.evaluators[0], bid=winner, scores=_scores(exercise, 0))
        assert "has been awarded" in error.value.messages[0]

    def test_only_the_councils_officers_confirm_awards(self, town, exercise):
        panel, _, _ = self._scored(town, exercise)
        for person in (town.resident(), _outside_officer()):
            with pytest.raises(PermissionDenied):
                services.award_confirm(actor=person, lot=panel.lot(), contract_value="1")


def _outside_officer():
    from tests.organisations.factories import LocalAuthorityFactory, MembershipFactory

    return MembershipFactory(organisation=LocalAuthorityFactory(), roles=["officer"]).user


class TestProgress:
    def test_missing_scores_name_who_still_has_to_score_what(self, town, exercise):
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise)
        missing = selectors.missing_scores(panel.lot())
        assert [(m.evaluator.user, m.bid, m.count) for m in missing] == [
            (panel.evaluators[0], bid, 2), (panel.evaluators[1], bid, 2)]
