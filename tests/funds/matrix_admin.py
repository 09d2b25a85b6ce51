"""Permission-matrix rows for Fund administrators' pages on funds and rounds (see tests/test_permission_matrix.py).

The world's fund administrator runs one fund ("theirs", made here once per test): its pages are theirs and a 404
to everyone else. A fund run by another organisation is a 404 to everyone, the administrator too.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.matrix import FOLLOWS, LOGIN, NF, OK, Row, expect

THEIRS = "matrix-administrators-fund"
NOBODYS = "matrix-nobodys-fund"


def _fund(world, slug):
    """The fund, with a draft round that has a question and a criterion."""
    from covenant.organisations.models import Membership
    from funds.models import Fund, Question, Round
    from tests.funds.factories import CriterionFactory, FundFactory, QuestionFactory, RoundFactory

    fund = Fund.objects.filter(slug=slug).first()
    if fund is None:
        if slug == THEIRS:
            organisation = Membership.objects.get(user=world.people["fund_administrator"]).organisation
            fund = FundFactory(slug=slug, organisation=organisation)
        else:
            fund = FundFactory(slug=slug)
        round_ = RoundFactory(programme__fund=fund, published_at=None,
                              opens_at=timezone.now() + datetime.timedelta(days=1))
        QuestionFactory(round=round_)
        CriterionFactory(round=round_)
    round_ = Round.objects.filter(programme__fund=fund).first()
    return fund, round_, Question.objects.filter(round=round_).first(), round_.criteria.first()


def theirs() -> dict:
    return expect(NF, anonymous=LOGIN, fund_administrator=OK)


def nobodys() -> dict:
    return expect(NF, anonymous=LOGIN)


def _rows(slug: str, statuses, label: str) -> list[Row]:
    def fund_url(name, *extra):
        return lambda w: reverse(name, args=[_fund(w, slug)[0].slug, *extra])

    def round_url(name, *extra):
        return lambda w: reverse(name, args=[_fund(w, slug)[1].pk, *extra])

    return [
        Row(f"{label}: fund page", fund_url("funds:manage-fund"), statuses()),
        Row(f"{label}: record capital", fund_url("funds:manage-capital"), statuses()),
        Row(f"{label}: change the fund's settings", fund_url("funds:manage-fund-settings"), statuses()),
        Row(f"{label}: add a programme", fund_url("funds:manage-programme-add"), statuses()),
        Row(f"{label}: add a round",
            lambda w: reverse("funds:manage-round-add", args=[_fund(w, slug)[0].slug,
                                                              _fund(w, slug)[1].programme.slug]), statuses()),
        Row(f"{label}: round", round_url("funds:manage-round"), statuses()),
        Row(f"{label}: change a round", round_url("funds:manage-round-edit"), statuses()),
        Row(f"{label}: kind of question", round_url("funds:manage-question-kind"), statuses()),
        Row(f"{label}: add a choice question", round_url("funds:manage-question-add", "choice"), statuses()),
        Row(f"{label}: remove a question",
            lambda w: reverse("funds:manage-question-remove", args=[_fund(w, slug)[1].pk, _fund(w, slug)[2].pk]),
            statuses()),
        Row(f"{label}: add a criterion", round_url("funds:manage-criterion-add"), statuses()),
        Row(f"{label}: remove a criterion",
            lambda w: reverse("funds:manage-criterion-remove", args=[_fund(w, slug)[1].pk, _fund(w, slug)[3].pk]),
            statuses()),
        Row(f"{label}: add budget", round_url("funds:manage-budget-allocate"), statuses()),
        Row(f"{label}: return budget", round_url("funds:manage-budget-return"), statuses()),
        Row(f"{label}: publish a round", round_url("funds:manage-round-publish"), statuses()),
        Row(f"{label}: dashboard", fund_url("funds:manage-dashboard"), statuses()),
        Row(f"{label}: dashboard CSV", fund_url("funds:manage-dashboard-csv", "budget"), statuses()),
    ]


def _endowment_url(name):
    def build(world):
        from funds.models import FundKind

        fund = _fund(world, THEIRS)[0]
        fund.kind = FundKind.ENDOWMENT
        fund.save(update_fields=["kind"])
        return reverse(name, args=[fund.slug])
    return build


def _after_their_fund(name):
    def build(world):
        _fund(world, THEIRS)
        return reverse(name)
    return build


PAGES: list = [
    Row("administrators' funds", _after_their_fund("funds:manage"), expect(NF, anonymous=LOGIN, fund_administrator=OK)),
    Row("dashboards (to the only fund's)", _after_their_fund("funds:manage-dashboards"),
        expect(NF, anonymous=LOGIN, fund_administrator=FOLLOWS)),
    Row("left-behind neighbourhoods", lambda w: reverse("funds:manage-left-behind"),
        expect(NF, anonymous=LOGIN, fund_administrator=OK, platform_staff=OK)),
    Row("endowment: record a valuation", _endowment_url("funds:manage-valuation"), theirs()),
    Row("endowment: record a return", _endowment_url("funds:manage-return"), theirs()),
    Row("endowment: draw down", _endowment_url("funds:manage-drawdown"), theirs()),
    *_rows(THEIRS, theirs, "their fund"),
    *_rows(NOBODYS, nobodys, "another organisation's fund"),
]
API: list = []
