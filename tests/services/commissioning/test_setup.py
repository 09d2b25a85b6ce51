"""Setting a commissioning exercise up: details, criteria whose weights add up to exactly 100 with social value at
10% or more, lots reserved for or favouring SMEs and VCSEs, evaluators, and publishing; every bad value named and
nothing half-saved; only the council's own officers, and only while it is a draft."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from covenant.audit.models import AuditEntry
from services.commissioning import services
from services.commissioning.models import Criterion, Evaluator, Exercise, ExerciseStatus, Lot
from tests.accounts.factories import UserFactory
from tests.organisations.factories import LocalAuthorityFactory as CouncilFactory
from tests.organisations.factories import MembershipFactory

from .factories import CRITERIA, LOTS, day, exercise_of, officer_of

pytestmark = pytest.mark.django_db


def _criteria(*rows):
    return [{"name": name, "kind": kind, "weight": weight} for name, kind, weight in rows]


class TestCriteria:
    def test_an_exercise_is_set_up_with_its_criteria_and_lots(self, town, service):
        exercise = exercise_of(town, service, publish=False)
        assert exercise.status == ExerciseStatus.DRAFT and exercise.reference == "youth-services-from-april"
        assert [(c.position, c.name, c.weight) for c in exercise.criteria.all()] == [
            (1, "Quality of the service", 50), (2, "Social value", 20), (3, "Price", 30)]
        assert [(lot.number, lot.reservation) for lot in exercise.lots.all()] == [(1, "open"), (2, "sme_vcse")]
        assert AuditEntry.objects.filter(action="services.exercise_created", actor=town.officer).exists()

    @pytest.mark.parametrize(("rows", "key", "words"), [
        (_criteria(("Quality", "quality", 60), ("Social value", "social_value", 30)), "weights",
         "The weights add up to 90%. They must add up to exactly 100%"),
        (_criteria(("Quality", "quality", 60), ("Social value", "social_value", 50)), "weights",
         "The weights add up to 110%"),
        (_criteria(("Quality", "quality", 95), ("Social value", "social_value", 5)), "social_value",
         "Social value carries 5% of the weighting. Give it at least 10%"),
        (_criteria(("Quality", "quality", 91), ("Local jobs", "social_value", 5), ("Green", "social_value", 4)),
         "social_value", "Social value carries 9% of the weighting"),
        (_criteria(("Quality", "quality", 70), ("Price", "price", 30)), "social_value",
         "Add a social value criterion"),
        (_criteria(("Quality", "quality", 40), ("Social value", "social_value", 20), ("Price", "price", 20),
                   ("Whole-life cost", "price", 20)), "criteria", "Only one criterion can be price"),
        ([], "criteria", "Add at least one evaluation criterion"),
        (_criteria(("", "quality", 90), ("Social value", "social_value", 10)), "criteria-0-name",
         "Enter the name of criterion 1"),
        (_criteria(("Quality", "quality", 90), ("quality", "social_value", 10)), "criteria-1-name",
         "Criterion 2 has the same name as another"),
        (_criteria(("Quality", "excellence", 90), ("Social value", "social_value", 10)), "criteria-0-kind",
         "Choose whether criterion 1 is quality, social value or price"),
        (_criteria(("Quality", "quality", "ninety"), ("Social value", "social_value", 10)), "criteria-0-weight",
         "Enter the weight of criterion 1 as a whole number from 1 to 100"),
        (_criteria(("Quality", "quality", 100), ("Social value", "social_value", 0)), "criteria-1-weight",
         "Enter the weight of criterion 2"),
        (_criteria(("Quality", "quality", 87.5), ("Social value", "social_value", 12.5)), "criteria-0-weight",
         "whole number"),
    ])
    def test_weights_and_social_value_are_refused_with_specific_errors_and_nothing_is_saved(self, town, service,
                                                                                           rows, key, words):
        with pytest.raises(ValidationError) as error:
            exercise_of(town, service, criteria=rows, publish=False)
        assert any(words in message for message in error.value.message_dict[key]), error.value.message_dict
        assert not Exercise.objects.exists() and not Criterion.objects.exists()

    def test_social_value_at_exactly_ten_percent_over_two_criteria_is_enough(self, town, service):
        rows = _criteria(("Quality", "quality", 90), ("Local jobs", "social_value", 6), ("Green", "social_value", 4))
        assert exercise_of(town, service, criteria=rows, publish=False).criteria.count() == 3

    def test_criteria_are_replaced_whole_and_refused_whole(self, town, service):
        exercise = exercise_of(town, service, publish=False)
        with pytest.raises(ValidationError):
            services.criteria_set(actor=town.officer, exercise=exercise, criteria=_criteria(("Quality", "quality",
                                                                                              100)))
        assert exercise.criteria.count() == 3
        services.criteria_set(actor=town.officer, exercise=exercise,
                              criteria=_criteria(("Quality", "quality", 85), ("Social value", "social_value", 15)))
        assert list(exercise.criteria.values_list("weight", flat=True)) == [85, 15]
        entry = AuditEntry.objects.get(action="services.exercise_criteria_set")
        assert entry.changes["criteria"][1] == ["Quality (Quality) 85%", "Social value (Social value) 15%"]


class TestDetailsAndLots:
    @pytest.mark.parametrize(("overrides", "key"), [
        ({"title": " "}, "title"),
        ({"description": ""}, "description"),
        ({"method": ""}, "method"),
        ({"value": "lots"}, "value"),
        ({"value": "-1"}, "value"),
        ({"value": "1.234"}, "value"),
        ({"scale_max": 7}, "scale_max"),
        ({"scale_max": "five"}, "scale_max"),
        ({"bids_open_on": None}, "bids_open_on"),
        ({"bids_open_on": day(-1)}, "bids_open_on"),
        ({"bids_open_on": day(10), "bids_close_on": day(10)}, "bids_close_on"),
        ({"bids_open_on": day(10), "bids_close_on": day(9)}, "bids_close_on"),
        ({"bids_close_on": "2030-01-01"}, "bids_close_on"),
    ])
    def test_bad_details_are_named(self, town, service, overrides, key):
        with pytest.raises(ValidationError) as error:
            exercise_of(town, service, publish=False, **overrides)
        assert key in error.value.message_dict
        assert not Exercise.objects.exists()

    def test_bids_may_open_today(self, town, service):
        assert exercise_of(town, service, bids_open_on=day(0), bids_close_on=day(1)).bids_open_on == day(0)

    @pytest.mark.parametrize(("lots", "key", "words"), [
        ([], "lots", "Add at least one lot"),
        ([{"title": ""}], "lots-0-title", "Enter the title of lot 1"),
        ([{"title": "A"}, {"title": "B", "reservation": "locals_only"}], "lots-1-reservation",
         "Choose who may bid for lot 2"),
        ([{"title": "A", "sme_vcse_bonus": 11}], "lots-0-sme_vcse_bonus", "whole number from 0 to 10"),
        ([{"title": "A", "sme_vcse_bonus": "some"}], "lots-0-sme_vcse_bonus", "whole number from 0 to 10"),
        ([{"title": "A", "reservation": "vcse", "sme_vcse_bonus": 5}], "lots-0-sme_vcse_bonus",
         "Lot 1 is reserved"),
        ([{"title": "A", "value": "a lot"}], "lots-0-value", "Enter the estimated value of lot 1"),
    ])
    def test_bad_lots_are_named(self, town, service, lots, key, words):
        with pytest.raises(ValidationError) as error:
            exercise_of(town, service, lots=lots, publish=False)
        assert any(words in m for m in error.value.message_dict[key]), error.value.message_dict
        assert not Lot.objects.exists()

    def test_a_lot_open_to_everyone_may_favour_smes_and_vcses(self, town, service):
        exercise = exercise_of(town, service, lots=[{"title": "Whole contract", "sme_vcse_bonus": "10"}])
        assert exercise.lots.get().sme_vcse_bonus == 10

    def test_details_change_while_a_draft_and_each_change_is_audited(self, town, service):
        exercise = exercise_of(town, service, publish=False)
        services.exercise_update(actor=town.officer, exercise=exercise, title="Youth work", value="950000")
        entry = AuditEntry.objects.get(action="services.exercise_changed")
        assert entry.changes["title"] == ["Youth services from April", "Youth work"]
        assert entry.changes["value"] == ["900000.00", "950000"]
        # The reference, and with it the address, stays.
        assert Exercise.objects.get().reference == "youth-services-from-april"


class TestPublishing:
    def test_publishing_makes_it_public_and_fixes_its_criteria(self, town, service):
        exercise = exercise_of(town, service)
        assert exercise.status == ExerciseStatus.PUBLISHED and exercise.published_by == town.officer
        with pytest.raises(PermissionDenied):
            services.criteria_set(actor=town.officer, exercise=exercise, criteria=CRITERIA)
        with pytest.raises(PermissionDenied):
            services.lots_set(actor=town.officer, exercise=exercise, lots=LOTS)
        with pytest.raises(PermissionDenied):
            services.exercise_publish(actor=town.officer, exercise=exercise)

    def test_a_draft_without_criteria_or_lots_says_what_is_missing(self, town, service):
        exercise = services.exercise_create(
            actor=town.officer, service=service, title="Libraries", description="Branch libraries", value="1",
            bids_open_on=day(1), bids_close_on=day(20), scale_max=10, method="Panel")
        with pytest.raises(ValidationError) as error:
            services.exercise_publish(actor=town.officer, exercise=exercise)
        assert set(error.value.message_dict) == {"criteria", "lots"}
        assert Exercise.objects.get().status == ExerciseStatus.DRAFT

    def test_a_draft_whose_opening_day_has_passed_is_not_published(self, town, service):
        exercise = exercise_of(town, service, publish=False)
        Exercise.objects.filter(pk=exercise.pk).update(bids_open_on=day(-1))
        with pytest.raises(ValidationError) as error:
            services.exercise_publish(actor=town.officer, exercise=exercise)
        assert "The date bids open must be today or in the future" in error.value.message_dict["details"]

    def test_references_never_take_the_pages_own_addresses_or_each_other(self, town, service):
        first = exercise_of(town, service, title="Manage", publish=False)
        second = exercise_of(town, service, title="Manage", publish=False)
        assert (first.reference, second.reference) == ("manage-2", "manage-3")


class TestWhoMay:
    def test_only_the_councils_own_officers_set_exercises_up(self, town, service):
        stranger = MembershipFactory(organisation=CouncilFactory(), roles=["officer"]).user
        coordinator = MembershipFactory(organisation=town.organisation, roles=["coordinator"]).user
        for person in (stranger, coordinator, town.resident(), UserFactory(is_staff=True)):
            with pytest.raises(PermissionDenied):
                services.exercise_create(
                    actor=person, service=service, title="X", description="Y", value="1", bids_open_on=day(1),
                    bids_close_on=day(2), scale_max=5, method="Z")
        exercise = exercise_of(town, service, publish=False)
        with pytest.raises(PermissionDenied):
            services.exercise_update(actor=stranger, exercise=exercise, title="Taken over")

    def test_evaluators_are_officers_of_the_council_added_once(self, town, service):
        exercise = exercise_of(town, service)
        colleague = officer_of(town)
        services.evaluator_assign(actor=town.officer, exercise=exercise, user=colleague)
        with pytest.raises(ValidationError) as error:
            services.evaluator_assign(actor=town.officer, exercise=exercise, user=colleague)
        assert "already an evaluator" in error.value.message_dict["user"][0]
        outsider = MembershipFactory(organisation=CouncilFactory(), roles=["officer"]).user
        with pytest.raises(ValidationError) as error:
            services.evaluator_assign(actor=town.officer, exercise=exercise, user=outsider)
        assert "Choose an officer of Sunderland City Council" in error.value.message_dict["user"][0]
        assert Evaluator.objects.count() == 1
        assert AuditEntry.objects.filter(action="services.evaluator_assigned").count() == 1
