"""The commissioning pages through the real views: the public list and exercise page, officers setting an exercise
up and awarding it, providers bidding by question pages with check your answers, evaluators declaring conflicts and
scoring, and the spend dashboard; bad input shown in an error summary, and the same 404 for everyone who may not."""

import csv
import io

import pytest
from django.urls import reverse

from covenant.audit.models import AuditEntry
from services.commissioning import services
from services.commissioning.models import (
    Award,
    Bid,
    BidStatus,
    Criterion,
    Evaluator,
    Exercise,
    ExerciseStatus,
    Lot,
)
from services.following import is_following
from tests.accounts.factories import UserFactory
from tests.organisations.factories import LocalAuthorityFactory as CouncilFactory
from tests.organisations.factories import MembershipFactory

from .factories import (
    bidder,
    close_bids,
    day,
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


def _errors_shown(response, *words):
    page = html(response)
    assert response.status_code == 200, response.status_code
    assert "govuk-error-summary" in page and "<title>Error:" in page, page[:300]
    for word in words:
        assert word in page, word


class TestPublicPages:
    def test_the_list_shows_published_exercises_by_phase_and_hides_drafts(self, client, town, service):
        open_bids(exercise_of(town, service, title="Youth services"))
        exercise_of(town, service, title="Secret plans", publish=False)
        page = html(client.get(url("list")))
        assert "Youth services" in page and "Secret plans" not in page and "Open for bids" in page

    def test_the_exercise_page_publishes_criteria_weights_method_and_lots_before_bids_open(self, client, town,
                                                                                          service):
        exercise = exercise_of(town, service)
        page = html(client.get(url("exercise", exercise.reference)))
        for words in ("Quality of the service", "50%", "Social value carries 20% of the total score",
                      "Scored by a panel of officers.", "lowest price bid for the lot divided by the bid",
                      "Equal totals go to the higher social value points", "Reserved for small and medium-sized",
                      "Bids open soon", "Youth services"):
            assert words in page, words
        assert "Bid for this contract" not in page

    def test_the_catalogue_page_of_the_service_links_to_its_exercises(self, client, town, service):
        exercise = open_bids(exercise_of(town, service))
        page = html(client.get(reverse("services:catalogue-service", args=["E08000024", service.reference])))
        assert "Commissioning exercises" in page and url("exercise", exercise.reference) in page
        assert "Open for bids" in page and "Set up a commissioning exercise" not in page
        draft = exercise_of(town, service, title="Next year's youth services", publish=False)
        assert url("exercise", draft.reference) not in page
        client.force_login(town.officer)
        page = html(client.get(reverse("services:catalogue-service", args=["E08000024", service.reference])))
        assert url("exercise", draft.reference) in page
        assert f"{url('new')}?service={service.pk}" in page
        form = html(client.get(f"{url('new')}?service={service.pk}"))
        assert f'<option value="{service.pk}" selected>' in form

    def test_following_and_unfollowing(self, client, town, service):
        exercise = exercise_of(town, service)
        person = town.resident()
        client.force_login(person)
        client.post(url("follow", exercise.reference))
        assert is_following(person, exercise)
        client.post(url("follow", exercise.reference))
        assert not is_following(person, exercise)

    def test_drafts_answer_404_to_all_but_the_councils_officers(self, client, town, service):
        exercise = exercise_of(town, service, publish=False)
        assert client.get(url("exercise", exercise.reference)).status_code == 404
        client.force_login(town.resident())
        assert client.get(url("exercise", exercise.reference)).status_code == 404
        assert client.post(url("follow", exercise.reference)).status_code == 404
        client.force_login(town.officer)
        assert "being set up" in html(client.get(url("exercise", exercise.reference)))


class TestOfficerPages:
    def _details(self, **overrides):
        data = {"title": "Youth services", "description": "Clubs and detached work", "value": "900000",
                "bids_open_on_0": str(day(5).day), "bids_open_on_1": str(day(5).month),
                "bids_open_on_2": str(day(5).year), "bids_close_on_0": str(day(40).day),
                "bids_close_on_1": str(day(40).month), "bids_close_on_2": str(day(40).year),
                "scale_max": "5", "method": "A panel of officers"}
        data.update(overrides)
        return data

    def test_an_officer_sets_an_exercise_up_page_by_page_and_publishes_it(self, client, town, service):
        client.force_login(town.officer)
        response = client.post(url("new"), self._details(service=str(service.pk)))
        exercise = Exercise.objects.get()
        assert response.status_code == 302 and response.url == url("manage-exercise", exercise.reference)
        assert "Incomplete" in html(client.get(response.url))
        response = client.post(url("manage-criteria", exercise.reference), {
            "criteria-0-name": "Quality", "criteria-0-kind": "quality", "criteria-0-weight": "70",
            "criteria-2-name": "Social value", "criteria-2-kind": "social_value", "criteria-2-weight": "30"})
        assert response.status_code == 302
        assert list(Criterion.objects.values_list("name", "weight")) == [("Quality", 70), ("Social value", 30)]
        client.post(url("manage-lots", exercise.reference), {"lots-0-title": "Whole contract",
                                                              "lots-0-reservation": "open",
                                                              "lots-0-sme_vcse_bonus": "5"})
        assert Lot.objects.get().sme_vcse_bonus == 5
        colleague = officer_of(town)
        client.post(url("manage-evaluators", exercise.reference), {"user": str(colleague.pk)})
        assert Evaluator.objects.get().user == colleague
        publish = html(client.get(url("manage-publish", exercise.reference)))
        assert "Quality (Quality): 70%" in publish and "Still to do" not in publish
        response = client.post(url("manage-publish", exercise.reference))
        assert response.status_code == 302 and Exercise.objects.get().status == ExerciseStatus.PUBLISHED

    @pytest.mark.parametrize(("rows", "words"), [
        ({"criteria-0-name": "Quality", "criteria-0-kind": "quality", "criteria-0-weight": "60",
          "criteria-1-name": "Social value", "criteria-1-kind": "social_value", "criteria-1-weight": "30"},
         "The weights add up to 90%. They must add up to exactly 100%"),
        ({"criteria-0-name": "Quality", "criteria-0-kind": "quality", "criteria-0-weight": "95",
          "criteria-1-name": "Social value", "criteria-1-kind": "social_value", "criteria-1-weight": "5"},
         "Social value carries 5% of the weighting. Give it at least 10%"),
        ({"criteria-0-name": "Quality", "criteria-0-kind": "quality", "criteria-0-weight": "100"},
         "Add a social value criterion"),
        ({"criteria-0-name": "Quality", "criteria-0-kind": "quality", "criteria-0-weight": "90",
          "criteria-3-name": "", "criteria-3-kind": "social_value", "criteria-3-weight": "10"},
         "Enter the name of criterion 2"),
        ({"criteria-0-name": "Quality", "criteria-0-kind": "gold", "criteria-0-weight": "100"},
         "Choose whether criterion 1 is quality, social value or price"),
        ({}, "Add at least one evaluation criterion"),
    ])
    def test_bad_criteria_are_shown_in_an_error_summary_and_nothing_changes(self, client, town, service, rows,
                                                                           words):
        exercise = exercise_of(town, service, publish=False)
        client.force_login(town.officer)
        _errors_shown(client.post(url("manage-criteria", exercise.reference), rows), words)
        assert exercise.criteria.count() == 3

    def test_an_error_in_a_row_is_shown_on_the_row_it_came_from(self, client, town, service):
        exercise = exercise_of(town, service, publish=False)
        client.force_login(town.officer)
        response = client.post(url("manage-criteria", exercise.reference), {
            "criteria-0-name": "Quality", "criteria-0-kind": "quality", "criteria-0-weight": "90",
            "criteria-4-name": "Social value", "criteria-4-kind": "social_value", "criteria-4-weight": "ten"})
        assert response.context["form"].errors["criteria-4-weight"] == [
            "Enter the weight of criterion 2 as a whole number from 1 to 100"]

    @pytest.mark.parametrize(("data", "words"), [
        ({"title": ""}, "Enter the title of the exercise"),
        ({"value": "a lot"}, "Enter the estimated value in pounds"),
        ({"bids_open_on_0": "31", "bids_open_on_1": "2"}, "The date bids open must be a real date"),
        ({"bids_close_on_0": "", "bids_close_on_1": "", "bids_close_on_2": ""}, "Enter the date bids close"),
        ({"scale_max": "7"}, "Choose a scoring scale of 0 to 5 or 0 to 10"),
        ({"service": "999999"}, "Choose a service from your catalogue"),
    ])
    def test_bad_details_are_shown_in_an_error_summary(self, client, town, service, data, words):
        client.force_login(town.officer)
        _errors_shown(client.post(url("new"), self._details(**{"service": str(service.pk), **data})), words)
        assert not Exercise.objects.exists()

    def test_a_reserved_lot_with_extra_points_is_refused(self, client, town, service):
        exercise = exercise_of(town, service, publish=False)
        client.force_login(town.officer)
        _errors_shown(client.post(url("manage-lots", exercise.reference), {
            "lots-0-title": "Whole", "lots-0-reservation": "vcse", "lots-0-sme_vcse_bonus": "3"}),
            "Lot 1 is reserved, so only SMEs or VCSEs bid for it")

    def test_publishing_an_incomplete_draft_lists_what_is_missing(self, client, town, service):
        exercise = services.exercise_create(actor=town.officer, service=service, title="Libraries",
                                            description="Branches", value="1", bids_open_on=day(1),
                                            bids_close_on=day(9), scale_max=5, method="Panel")
        client.force_login(town.officer)
        _errors_shown(client.post(url("manage-publish", exercise.reference)), "Add at least one lot",
                      "Add at least one evaluation criterion")

    def test_another_councils_officer_and_residents_get_404_on_every_officers_page(self, client, town, service):
        draft = exercise_of(town, service, publish=False)
        stranger = MembershipFactory(organisation=CouncilFactory(), roles=["officer"], user=UserFactory(mfa=True)).user
        for person in (stranger, town.resident()):
            client.force_login(person)
            for name in ("manage-exercise", "manage-details", "manage-criteria", "manage-lots", "manage-evaluators",
                         "manage-publish"):
                assert client.get(url(name, draft.reference)).status_code == 404, name
            assert client.post(url("manage-publish", draft.reference)).status_code == 404
            assert client.get(url("manage-award", draft.reference, 1)).status_code == 404
        assert Exercise.objects.get().status == ExerciseStatus.DRAFT

    def test_a_new_exercise_cannot_be_for_another_councils_service(self, client, town, service):
        from tests.services.factories import ServiceFactory

        theirs = ServiceFactory()
        client.force_login(town.officer)
        _errors_shown(client.post(url("new"), self._details(service=str(theirs.pk))),
                      "Choose a service from your catalogue")


class TestBidPages:
    def test_a_provider_bids_by_question_pages_checks_and_submits(self, client, town, service):
        exercise = open_bids(exercise_of(town, service))
        user, organisation = bidder("")
        client.force_login(user)
        choose = html(client.get(url("bid-choose", exercise.reference)))
        assert f"Bid for lot 1 as {organisation.name}" in choose
        response = client.post(url("bid-choose", exercise.reference),
                               {"lot": exercise.lots.get(number=1).pk, "organisation": organisation.pk})
        bid = Bid.objects.get()
        assert response.url == url("bid", bid.pk)
        # Checking too early lists what is missing; submitting names it in the error summary.
        assert "Still to answer" in html(client.get(url("bid-check", bid.pk)))
        _errors_shown(client.post(url("bid-check", bid.pk)), "Say what size or kind of organisation", "Enter your price")
        _errors_shown(client.post(url("bid-supplier", bid.pk), {}), "Choose what size or kind of organisation")
        client.post(url("bid-supplier", bid.pk), {"kind": "vcse"})
        for criterion in exercise.criteria.exclude(kind="price"):
            _errors_shown(client.post(url("bid-answer", bid.pk, criterion.pk), {"text": " "}), "Enter your answer")
            client.post(url("bid-answer", bid.pk, criterion.pk), {"text": f"About {criterion.name}"})
        _errors_shown(client.post(url("bid-price", bid.pk), {"price": "nothing"}), "Enter your price in pounds")
        client.post(url("bid-price", bid.pk), {"price": "250000"})
        check = html(client.get(url("bid-check", bid.pk)))
        assert "Voluntary, community or social enterprise" in check and "£250,000.00" in check
        response = client.post(url("bid-check", bid.pk))
        assert response.url == url("bid", bid.pk)
        assert Bid.objects.get().status == BidStatus.SUBMITTED
        assert "stays sealed until bids close" in html(client.get(response.url))
        # Its question pages are gone once it is submitted.
        assert client.get(url("bid-price", bid.pk)).status_code == 404

    def test_an_ineligible_bidder_is_told_why_on_the_lots_page(self, client, town, service):
        exercise = open_bids(exercise_of(town, service))
        user, organisation = bidder("large")
        client.force_login(user)
        response = client.post(url("bid-choose", exercise.reference),
                               {"lot": exercise.lots.get(number=2).pk, "organisation": organisation.pk})
        assert "Lot 2 is reserved for small and medium-sized businesses and VCSEs" in html(response)
        assert not Bid.objects.exists()

    def test_after_close_submitting_is_refused_on_the_check_page(self, client, town, service):
        exercise = open_bids(exercise_of(town, service))
        user, organisation = bidder("small")
        bid = services.bid_start(actor=user, lot=exercise.lots.get(number=1), organisation=organisation)
        close_bids(exercise)
        client.force_login(user)
        _errors_shown(client.post(url("bid-check", bid.pk)), "You can no longer bid")

    @pytest.mark.parametrize("data", [{"lot": "999999", "organisation": "1"}, {"lot": "x"}, {}])
    def test_a_tampered_choice_is_refused(self, client, town, service, data):
        exercise = open_bids(exercise_of(town, service))
        user, _ = bidder()
        client.force_login(user)
        assert "There is a problem" in html(client.post(url("bid-choose", exercise.reference), data))
        assert not Bid.objects.exists()

    def test_bids_are_404_to_everyone_but_their_organisations_administrators(self, client, town, service):
        exercise = exercise_of(town, service)
        bid = submitted_bid(exercise)
        close_bids(exercise)
        someone, _ = bidder()
        for person in (someone, town.officer, town.resident()):
            client.force_login(person)
            for name in ("bid", "bid-supplier", "bid-price", "bid-check"):
                assert client.get(url(name, bid.pk)).status_code == 404, name


class TestEvaluationPages:
    def test_an_evaluator_declares_then_scores_each_bid(self, client, town, service):
        exercise = exercise_of(town, service)
        bid = submitted_bid(exercise, name="Youth Trust")
        colleague = officer_of(town)
        services.evaluator_assign(actor=town.officer, exercise=exercise, user=colleague)
        client.force_login(colleague)
        assert "Bids are sealed until they close" in html(client.get(url("evaluate", exercise.reference)))
        assert client.get(url("score", exercise.reference, bid.pk)).status_code == 404
        close_bids(exercise)
        page = html(client.get(url("evaluate", exercise.reference)))
        assert "Youth Trust" in page and "Our answer" not in page
        assert client.get(url("score", exercise.reference, bid.pk)).status_code == 404
        _errors_shown(client.post(url("evaluate", exercise.reference), {"has_conflict": "yes"}),
                      "Say what the conflict of interest is")
        client.post(url("evaluate", exercise.reference), {"has_conflict": "no"})
        score_page = html(client.get(url("score", exercise.reference, bid.pk)))
        assert "Our answer on Quality of the service" in score_page
        criteria = list(exercise.criteria.exclude(kind="price"))
        bad = {f"score-{c.pk}": "6" for c in criteria} | {f"comment-{c.pk}": "" for c in criteria}
        _errors_shown(client.post(url("score", exercise.reference, bid.pk), bad),
                      "Enter a score for Quality of the service from 0 to 5")
        good = {f"score-{c.pk}": "4" for c in criteria} | {f"comment-{c.pk}": "Solid" for c in criteria}
        assert client.post(url("score", exercise.reference, bid.pk), good).status_code == 302
        assert "Scored" in html(client.get(url("evaluate", exercise.reference)))

    def test_a_conflict_removes_the_evaluator_from_the_pages(self, client, town, service):
        exercise = exercise_of(town, service)
        bid = submitted_bid(exercise)
        colleague = officer_of(town)
        services.evaluator_assign(actor=town.officer, exercise=exercise, user=colleague)
        close_bids(exercise)
        client.force_login(colleague)
        response = client.post(url("evaluate", exercise.reference), {"has_conflict": "yes",
                                                                      "details": "My partner works there"})
        assert response.url == url("evaluations")
        assert client.get(url("evaluate", exercise.reference)).status_code == 404
        assert client.get(url("score", exercise.reference, bid.pk)).status_code == 404
        assert "You declared a conflict of interest" in html(client.get(url("evaluations")))

    def test_officers_who_are_not_evaluators_get_404(self, client, town, service):
        exercise = close_bids(exercise_of(town, service))
        client.force_login(town.officer)
        assert client.get(url("evaluate", exercise.reference)).status_code == 404


class TestAwardPages:
    def test_the_officer_sees_the_ranking_and_confirms_the_award(self, client, town, service):
        exercise = exercise_of(town, service)
        winner = submitted_bid(exercise, name="Youth Trust", kind="vcse", price="400000")
        panel = evaluated(town, exercise, evaluators=1)
        client.force_login(town.officer)
        page = html(client.get(url("manage-award", exercise.reference, 1)))
        assert "Evaluation still to finish" in page
        score_all(panel, winner, {"Quality of the service": [5], "Social value": [4]})
        page = html(client.get(url("manage-award", exercise.reference, 1)))
        assert "Award the contract to Youth Trust" in page
        _errors_shown(client.post(url("manage-award", exercise.reference, 1), {"contract_value": "0"}),
                      "Enter the contract value in pounds")
        response = client.post(url("manage-award", exercise.reference, 1), {"contract_value": "400000"})
        assert response.url == url("exercise", exercise.reference)
        public = html(client.get(response.url))
        assert "Awarded to Youth Trust" in public and "Standstill until" in public
        ranking = html(client.get(url("ranking", exercise.reference, 1)))
        assert "Youth Trust" in ranking and "Total" in ranking
        assert Award.objects.get().bid == winner

    def test_an_officer_with_a_conflict_is_told_another_must_confirm(self, client, town, service):
        exercise = exercise_of(town, service)
        bid = submitted_bid(exercise)
        panel = evaluated(town, exercise, evaluators=1)
        score_all(panel, bid, {"Quality of the service": [3], "Social value": [3]})
        services.evaluator_assign(actor=town.officer, exercise=exercise, user=town.officer)
        services.conflict_declare(actor=town.officer, exercise=exercise, has_conflict=True, details="Trustee")
        client.force_login(town.officer)
        assert "another officer must confirm" in html(client.get(url("manage-award", exercise.reference, 1)))
        _errors_shown(client.post(url("manage-award", exercise.reference, 1), {"contract_value": "5"}),
                      "another officer must confirm")
        assert not Award.objects.exists()


class TestSpendPages:
    def test_the_dashboard_and_csv_show_awarded_spend_against_the_target(self, client, town, service):
        exercise = exercise_of(town, service, lots=[{"title": "Whole"}])
        bid = submitted_bid(exercise, kind="vcse", name="Youth Trust", price="120000")
        panel = evaluated(town, exercise, evaluators=1)
        score_all(panel, bid, {"Quality of the service": [3], "Social value": [3]})
        services.award_confirm(actor=town.officer, lot=panel.lot(), contract_value="120000")
        page = html(client.get(url("spend", "E08000024")))
        assert "100.0%" in page and "33%" in page and "Met" in page and "Youth Trust" in page
        text = client.get(url("spend-csv", "E08000024")).content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows[0]["supplier"] == "Youth Trust" and rows[0]["supplier_kind"] == "vcse"
        assert rows[0]["contract_value"] == "120000.00" and rows[0]["sme_or_vcse"] == "yes"

    def test_officers_change_the_target_and_bad_values_are_named(self, client, town):
        client.force_login(town.officer)
        _errors_shown(client.post(url("spend-target", "E08000024"), {"percent": "150"}),
                      "Enter the target as a percentage more than 0 and up to 100")
        response = client.post(url("spend-target", "E08000024"), {"percent": "40"})
        assert response.url == url("spend", "E08000024")
        assert AuditEntry.objects.filter(action="services.spend_target_set").count() == 1
        client.force_login(town.resident())
        assert client.get(url("spend-target", "E08000024")).status_code == 404
