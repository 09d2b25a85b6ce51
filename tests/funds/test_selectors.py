"""Reads: weighted and moderated scores without conflicted assessors, the round's ranking within its budget,
and the administrators' dashboard figures."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from funds import services
from funds.models import Application
from funds.selectors import (
    application_score,
    awaiting_second_approval,
    dashboard_csv,
    fund_dashboard,
    round_ranking,
    working_days_between,
)

from .factories import Place, assessed, assessor_of, funded, open_round, recommended, submitted

pytestmark = pytest.mark.django_db


def _score(application, assessor, values):
    services.scores_record(actor=assessor, application=application, scores=[
        {"criterion": criterion, "score": value, "comment": "ok"}
        for criterion, value in zip(application.round.criteria.order_by("position"), values, strict=True)])


def test_weighted_and_moderated_scores_leave_out_conflicted_assessors(round_, admin, assessor, assessor2):
    application, _ = submitted(round_)
    conflicted = assessor_of(round_.programme.fund)
    for person in (assessor, assessor2, conflicted):
        services.assessor_assign(actor=admin, application=application, assessor=person)
    services.conflict_declare(actor=assessor, application=application, has_conflict=False)
    services.conflict_declare(actor=assessor2, application=application, has_conflict=False)
    services.conflict_declare(actor=conflicted, application=application, has_conflict=True, details="Friend")
    score = application_score(application)
    assert not score.complete and score.weighted is None
    _score(application, assessor, [4, 1])  # Need (weight 2), Delivery (weight 1)
    _score(application, assessor2, [3, 2])
    score = application_score(application)
    assert score.assessors == 2
    need, delivery = score.criteria
    assert (need.mean, delivery.mean) == (Decimal("3.50"), Decimal("1.50"))
    assert score.weighted == Decimal("2.83")  # (3.5 × 2 + 1.5) / 3
    services.moderation_record(actor=admin, application=application, criterion=delivery.criterion, score="3",
                               reason="Agreed at panel")
    score = application_score(application)
    assert score.criteria[1].final == Decimal("3") and score.weighted == Decimal("3.33")


def test_the_ranking_puts_the_best_first_and_marks_what_the_budget_covers(fund, admin, assessor):
    funded(fund, admin)
    round_ = open_round(fund, admin, budget="25000", deprivation_rule="weight", deprivation_max_decile=2,
                        deprivation_weight="1.5")
    good, _ = submitted(round_, amount="10000", place=Place(decile=6))
    deprived, _ = submitted(round_, amount="10000", place=Place(decile=1))
    weak, _ = submitted(round_, amount="10000", place=Place(decile=7))
    unscored, _ = submitted(round_, amount="1000", place=Place(decile=7))
    assessed(good, admin, [assessor], score=4)
    assessed(deprived, admin, [assessor], score=3)
    assessed(weak, admin, [assessor], score=2)
    services.assessor_assign(actor=admin, application=unscored, assessor=assessor)
    ranking = round_ranking(round_)
    assert [row.score.application for row in ranking.rows] == [deprived, good, weak, unscored]
    assert [row.score.ranking for row in ranking.rows] == [Decimal("4.50"), Decimal("4.00"), Decimal("2.00"), None]
    assert [row.within_budget for row in ranking.rows] == [True, True, False, False]
    assert ranking.rows[0].score.priority and not ranking.rows[1].score.priority


def test_the_dashboard_shows_commitments_payments_spread_and_decision_times(round_, admin, admin2, assessor,
                                                                          finance):
    north = Place(decile=1)
    award, applicant = recommended(round_, admin, assessor, amount="60000", place=north)
    services.application_approve(actor=admin, application=award, amount="60000", reasons="Good")
    services.decision_confirm(actor=admin2, application=award)
    services.agreement_accept(actor=applicant, application=award, full_name="Sam", role="Chair")
    (tranche,) = services.tranches_schedule(actor=admin, application=award,
                                            tranches=[{"amount": "60000", "due_on": timezone.localdate()}])
    services.tranche_release(actor=finance, tranche=tranche)
    small, _ = recommended(round_, admin, assessor, amount="5000", place=Place(decile=5))
    services.application_approve(actor=admin, application=small, amount="4000", reasons="Reduced")
    Application.objects.filter(pk=award.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=10))
    dashboard = fund_dashboard(round_.programme.fund)
    (figures,) = dashboard.rounds
    assert (figures.budget, figures.committed, figures.paid, figures.uncommitted, figures.awards) == (
        Decimal("200000"), Decimal("64000"), Decimal("60000"), Decimal("136000"), 2)
    assert [(s.label, s.awards, s.awarded, s.paid) for s in dashboard.by_decile] == [
        ("1", 1, Decimal("60000"), Decimal("60000")), ("5", 1, Decimal("4000"), Decimal("0"))]
    assert [s.label for s in dashboard.by_nation] == ["England"]
    assert north.local_authority.name in [s.label for s in dashboard.by_local_authority]
    assert dashboard.decision_times.decided == 2 and dashboard.decision_times.median_days >= 5
    text = dashboard_csv(dashboard)
    assert text.splitlines()[0] == "section,label,budget,committed,paid,uncommitted,awards"
    assert "imd_decile,1,,60000.00,60000.00,,1" in text


def test_awards_waiting_for_a_second_approval_are_listed_for_the_other_administrators(round_, admin, admin2,
                                                                                    assessor):
    application, _ = recommended(round_, admin, assessor, amount="70000")
    services.application_approve(actor=admin, application=application, amount="70000", reasons="Good")
    assert list(awaiting_second_approval(admin2)) == [application]
    assert list(awaiting_second_approval(admin)) == []


def test_working_days_skip_weekends_and_bank_holidays():
    friday = datetime.date(2026, 3, 6)
    assert working_days_between(friday, friday + datetime.timedelta(days=3)) == 1
    assert working_days_between(friday, friday + datetime.timedelta(days=14)) == 10
    # Good Friday (3 April 2026) and Easter Monday (6 April) are not working days.
    assert working_days_between(datetime.date(2026, 4, 2), datetime.date(2026, 4, 7)) == 1
    # A decision on Christmas week 2030, a year no list in the code names, still skips the bank holidays.
    assert working_days_between(datetime.date(2030, 12, 24), datetime.date(2030, 12, 27)) == 1
