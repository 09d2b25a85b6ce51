"""Permission-matrix rows for Assessors' and fund administrators' pages on applications (see tests/test_permission_matrix.py).

The world's fund administrator runs a fund of their own organisation here: its round's applications, in each state
a page acts on, are theirs (and 404 to everyone else, the applicant's members included); another organisation's
fund's application is 404 to them too. Objects are made through the services, once per test (kept on the world).
"""

from django.urls import reverse

from tests.matrix import LOGIN, NF, OK, Row, expect


def _once(world, key: str, build):
    name = f"_assessing_{key}"
    if not hasattr(world, name):
        setattr(world, name, build())
    return getattr(world, name)


def world_fund(world):
    """A fund run by the world's fund administrator's organisation, funded, with an open round and a second
    administrator (who acts first where a second person is needed) and an assessor."""
    def build():
        from covenant.organisations.models import Membership
        from tests.funds.factories import (
            FundFactory,
            administrator_of,
            assessor_of,
            funded,
            open_round,
        )

        membership = Membership.objects.select_related("organisation").get(user=world.people["fund_administrator"])
        fund = FundFactory(organisation=membership.organisation)
        helper = administrator_of(fund)
        funded(fund, helper)
        return {"fund": fund, "helper": helper, "assessor": assessor_of(fund), "round": open_round(fund, helper)}
    return _once(world, "fund", build)


def _submitted(world, key: str, amount: str = "5000"):
    """A submitted application to the world's fund, by the world's organisation (its members are the applicant)."""
    def build():
        from tests.funds.factories import submitted

        setup = world_fund(world)
        application, _applicant = submitted(setup["round"], organisation=world.organisation,
                                            applicant=world.people["org_admin"], amount=amount)
        return application
    return _once(world, f"submitted_{key}", build)


def in_assessment(world):
    def build():
        from tests.funds.factories import assessed

        setup = world_fund(world)
        # Asking for £60,000: approving all of it needs a second approval; the award below is reduced.
        return assessed(_submitted(world, "assessed", amount="60000"), setup["helper"], [setup["assessor"]])
    return _once(world, "in_assessment", build)


def recommended(world):
    def build():
        from funds.services import application_recommend

        application = in_assessment(world)
        application_recommend(actor=world_fund(world)["helper"], application=application, recommended=True,
                              notes="Strong need.")
        return application
    return _once(world, "recommended", build)


def awaiting_second(world):
    """Approved by the helper: the world's administrator is the second administrator."""
    def build():
        from funds.services import application_approve

        application = recommended(world)
        application_approve(actor=world_fund(world)["helper"], application=application, amount="60000",
                            reasons="Good")
        application.refresh_from_db()
        return application
    return _once(world, "awaiting", build)


def active(world):
    """An award paid in part, with a submitted report, a variation asked for and a repayment asked back."""
    def build():
        import datetime

        from django.utils import timezone

        from funds import services

        setup = world_fund(world)
        helper, applicant = setup["helper"], world.people["org_admin"]
        application = recommended(world)
        # A small award needs no second approval.
        services.application_approve(actor=helper, application=application, amount="4000", reasons="Good")
        services.agreement_accept(actor=applicant, application=application, full_name="Sam Jones", role="Chair")
        first, _second = services.tranches_schedule(actor=helper, application=application, tranches=[
            {"amount": "3000", "due_on": timezone.localdate()},
            {"amount": "1000", "due_on": timezone.localdate() + datetime.timedelta(days=60)}])
        services.tranche_release(actor=helper, tranche=first)
        (report,) = services.reports_schedule(actor=helper, application=application,
                                              due_dates=[timezone.localdate() + datetime.timedelta(days=30)])
        services.report_submit(actor=applicant, report=report, progress="Going well", spent_to_date="2000")
        services.variation_request(actor=applicant, application=application, reason="Costs rose",
                                   new_amount="4500")
        services.clawback_request(actor=helper, application=application, amount="100", reason="Misspent")
        application.refresh_from_db()
        return application
    return _once(world, "active", build)


def assigned_to_world_admin(world, *, declared: bool):
    """An application the world's administrator is asked to assess, declared (no conflict) or not yet."""
    def build():
        from funds.services import assessor_assign, conflict_declare

        application = _submitted(world, f"assigned_{declared}")
        person = world.people["fund_administrator"]
        assessor_assign(actor=world_fund(world)["helper"], application=application, assessor=person)
        if declared:
            conflict_declare(actor=person, application=application, has_conflict=False)
        return application
    return _once(world, f"assigned_{declared}", build)


def other_funds_application():
    """A submitted application to a fund the world's administrator has nothing to do with."""
    from funds.models import Application
    from tests.funds.factories import FundFactory, administrator_of, funded, open_round, submitted

    found = Application.objects.filter(title="Warm spaces this winter", round__programme__fund__name="Other fund")
    if found.exists():
        return found.first()
    fund = FundFactory(name="Other fund")
    admin = administrator_of(fund)
    funded(fund, admin)
    application, _ = submitted(open_round(fund, admin))
    return application


def fund_admin_only() -> dict:
    return expect(NF, anonymous=LOGIN, fund_administrator=OK)


def _manage(name, state, *extra):
    def build(world):
        application = state(world)
        return reverse(f"funds:{name}", args=[application.pk, *[part(world, application) for part in extra]])
    return build


def _criterion(world, application):
    return application.round.criteria.first().pk


def _file_answer(world, application):
    """An uploaded file among the application's answers (made directly: a submitted application's answers are
    fixed)."""
    from django.core.files.base import ContentFile

    from funds.models import Answer, Question

    question = Question.objects.create(round=application.round, key="accounts", label="Your accounts",
                                       kind="file", allowed_types=["pdf"], required=False)
    answer = Answer(application=application, question=question, file_name="accounts.pdf", file_bytes=9)
    answer.file.save("accounts.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return answer.pk


def _tranche(world, application):
    return application.tranches.get(released_at__isnull=True).pk


def _report(world, application):
    return application.reports.get().pk


def _variation(world, application):
    return application.variations.get().pk


def _clawback(world, application):
    return application.clawbacks.get().pk


PAGES = [
    Row("funds: a round's applications",
        lambda w: reverse("funds:manage-round-applications", args=[world_fund(w)["round"].pk]), fund_admin_only()),
    Row("funds: a round's ranking",
        lambda w: reverse("funds:manage-round-ranking", args=[world_fund(w)["round"].pk]), fund_admin_only()),
    Row("funds: an application's case", _manage("manage-application", in_assessment), fund_admin_only()),
    Row("funds: a file the applicant uploaded", _manage("manage-answer-file", in_assessment, _file_answer),
        fund_admin_only()),
    Row("funds: another fund's application's case",
        lambda w: reverse("funds:manage-application", args=[other_funds_application().pk]),
        expect(NF, anonymous=LOGIN)),
    Row("funds: assign an assessor", _manage("manage-assign", in_assessment), fund_admin_only()),
    Row("funds: assign an assessor to another fund's application",
        lambda w: reverse("funds:manage-assign", args=[other_funds_application().pk]), expect(NF, anonymous=LOGIN)),
    Row("funds: moderate a score", _manage("manage-moderate", in_assessment, _criterion), fund_admin_only()),
    Row("funds: the panel's recommendation", _manage("manage-recommend", in_assessment), fund_admin_only()),
    Row("funds: approve", _manage("manage-approve", recommended), fund_admin_only()),
    Row("funds: reject", _manage("manage-reject", recommended), fund_admin_only()),
    Row("funds: second approval", _manage("manage-second-approval", awaiting_second), fund_admin_only()),
    Row("funds: send an approval back", _manage("manage-second-approval-return", awaiting_second),
        fund_admin_only()),
    Row("funds: payments", _manage("manage-payments", active), fund_admin_only()),
    Row("funds: schedule tranches", _manage("manage-tranches", active), fund_admin_only()),
    Row("funds: release a tranche", _manage("manage-tranche-release", active, _tranche), fund_admin_only()),
    Row("funds: schedule reports", _manage("manage-reports-schedule", active), fund_admin_only()),
    Row("funds: review a report", _manage("manage-report-review", active, _report), fund_admin_only()),
    Row("funds: decide a variation", _manage("manage-variation", active, _variation), fund_admin_only()),
    Row("funds: record an underspend", _manage("manage-underspend", active), fund_admin_only()),
    Row("funds: ask for a repayment", _manage("manage-clawback", active), fund_admin_only()),
    # Recording a repayment acts, so it answers only POST.
    Row("funds: record a repayment received", _manage("manage-clawback-received", active, _clawback),
        expect(405, anonymous=LOGIN)),
    # An assessor's own work: the world's administrator is asked to assess two applications.
    Row("funds: your applications to assess", lambda w: reverse("funds:assess"), fund_admin_only()),
    Row("funds: declare your interests",
        lambda w: reverse("funds:assess-declare", args=[assigned_to_world_admin(w, declared=False).pk]),
        fund_admin_only()),
    Row("funds: declare your interests, once declared",
        lambda w: reverse("funds:assess-declare", args=[assigned_to_world_admin(w, declared=True).pk]),
        expect(NF, anonymous=LOGIN)),
    Row("funds: score an application",
        lambda w: reverse("funds:assess-score", args=[assigned_to_world_admin(w, declared=True).pk]),
        fund_admin_only()),
    Row("funds: score an application before declaring",
        lambda w: reverse("funds:assess-score", args=[assigned_to_world_admin(w, declared=False).pk]),
        expect(NF, anonymous=LOGIN)),
]

API: list = []
