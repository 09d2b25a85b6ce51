"""Permission-matrix rows for Applicants' pages on community funds (see tests/test_permission_matrix.py).

The world's organisation (verified; its coordinator and administrator are the org_member and org_admin roles) is
the applicant: its applications, in each state a page acts on, are its members' and 404 to everyone else. One
application goes to a fund the world's fund administrator runs, whose address sends them on to their own case
page. A round's page is public; starting an application is for members of a verified organisation (others are
sent back to the round's page, which says why). Objects are made once per test (kept on the world).
"""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from tests.matrix import FOLLOWS, LOGIN, NF, OK, Row, expect, public, signed_in


def _once(world, key: str, build):
    name = f"_applying_{key}"
    if not hasattr(world, name):
        setattr(world, name, build())
    return getattr(world, name)


def a_round(world):
    from tests.funds.factories import RoundFactory

    return _once(world, "round", RoundFactory)


def application_in(world, status: str):
    """The world organisation's application in `status`: a draft with a question, or an award with its
    agreement, a tranche and a monitoring report."""
    def build():
        from funds.models import GrantAgreement, MonitoringReport, Tranche
        from tests.funds.factories import ApplicationFactory, QuestionFactory

        awarded = status in ("approved", "active")
        application = ApplicationFactory(
            organisation=world.organisation, status=status, created_by=world.people["org_admin"],
            submitted_at=None if status == "draft" else timezone.now() - datetime.timedelta(days=20),
            amount_awarded=Decimal("5000") if awarded else None,
            decided_at=timezone.now() - datetime.timedelta(days=2) if awarded else None)
        QuestionFactory(round=application.round, key="difference", label="What difference will it make?")
        if awarded:
            GrantAgreement.objects.create(application=application, terms="The standard terms.")
            Tranche.objects.create(application=application, number=1, amount=Decimal("5000"),
                                   due_on=timezone.localdate())
            MonitoringReport.objects.create(application=application, number=1, is_final=True,
                                            due_on=timezone.localdate() + datetime.timedelta(days=90))
        return application
    return _once(world, f"application_{status}", build)


def to_the_admins_fund(world):
    """A submitted application of the world's organisation to a fund run by the world's fund administrator."""
    def build():
        from covenant.organisations.models import Membership
        from tests.funds.factories import (
            ApplicationFactory,
            FundFactory,
            ProgrammeFactory,
            RoundFactory,
        )

        membership = Membership.objects.get(user=world.people["fund_administrator"])
        fund = FundFactory(organisation=membership.organisation)
        return ApplicationFactory(organisation=world.organisation, status="submitted",
                                  round=RoundFactory(programme=ProgrammeFactory(fund=fund)),
                                  created_by=world.people["org_admin"], submitted_at=timezone.now())
    return _once(world, "admins_fund", build)


def page(name: str, status: str, **kwargs):
    return lambda w: reverse(f"funds:{name}", kwargs={"pk": application_in(w, status).pk, **kwargs})


def applicants() -> dict:
    """The applicant organisation's members, and no one else."""
    return expect(NF, anonymous=LOGIN, org_member=OK, org_admin=OK)


PAGES = [
    Row("funds: a round's page", lambda w: reverse("funds:round", kwargs={"pk": a_round(w).pk}), public()),
    # Those with a verified organisation start; those without are sent back to the round's page to read why.
    Row("funds: starting an application to a round", lambda w: reverse("funds:round-apply", kwargs={"pk": a_round(w).pk}),
        expect(OK, anonymous=LOGIN, resident=FOLLOWS, platform_staff=FOLLOWS)),
    Row("funds: your applications", lambda w: reverse("funds:applications"), signed_in()),
    Row("funds: an application's task list", page("application", "draft"), applicants()),
    Row("funds: an application's details", page("application-details", "draft"), applicants()),
    Row("funds: an application's question", page("application-question", "draft", key="difference"), applicants()),
    Row("funds: an application's budget", page("application-budget", "draft"), applicants()),
    Row("funds: an application's places", page("application-areas", "draft"), applicants()),
    Row("funds: an application's bank details", page("application-bank-details", "draft"), applicants()),
    Row("funds: check your answers", page("application-check", "draft"), applicants()),
    Row("funds: withdrawing an application", page("application-withdraw", "draft"), applicants()),
    Row("funds: an application submitted", page("application-submitted", "submitted"), applicants()),
    Row("funds: a submitted application's page", page("application", "submitted"), applicants()),
    Row("funds: a decided application's page", page("application", "approved"), applicants()),
    Row("funds: the grant agreement", page("application-agreement", "approved"), applicants()),
    Row("funds: the payment schedule", page("application-payments", "approved"), applicants()),
    Row("funds: a monitoring report", page("application-report", "active", number=1), applicants()),
    Row("funds: asking for a variation", page("application-variation", "active"), applicants()),
    # The fund's administrator who reaches the applicants' address of an application is sent on to their own page.
    Row("funds: an application's page, for its fund's administrator",
        lambda w: reverse("funds:application", kwargs={"pk": to_the_admins_fund(w).pk}),
        expect(NF, anonymous=LOGIN, org_member=OK, org_admin=OK, fund_administrator=FOLLOWS)),
]

API: list = []
