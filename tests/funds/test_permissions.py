"""Who may do what: fund administrators of the fund's own organisation, assessors assigned and cleared, and
members of the applicant organisation; everyone else nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser

from funds import services
from tests.accounts.factories import StaffUserFactory, UserFactory
from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory

from .factories import FundFactory, administrator_of, draft, finance_of, member_of, submitted

pytestmark = pytest.mark.django_db


def test_fund_administrators_run_only_their_own_funds(fund, admin):
    other = FundFactory()
    assert admin.has_perm("funds.administer_fund", fund)
    assert not admin.has_perm("funds.administer_fund", other)
    assert not administrator_of(other).has_perm("funds.administer_fund", fund)
    fund.organisation.verification_status = "suspended"
    fund.organisation.save()
    assert not admin.has_perm("funds.administer_fund", fund)


def test_who_may_see_an_application(round_, admin, assessor):
    application, applicant = submitted(round_)
    colleague = member_of(application.organisation, "coordinator")
    finance = finance_of(round_.programme.fund)
    strangers = [AnonymousUser(), UserFactory(), StaffUserFactory(), administrator_of(FundFactory()),
                 MembershipFactory(organisation=VerifiedOrganisationFactory(), roles=["admin"]).user, assessor, finance]
    for person in (applicant, colleague, admin):
        assert person.has_perm("funds.view_application", application), person
    for person in strangers:
        assert not person.has_perm("funds.view_application", application), person
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    services.conflict_declare(actor=assessor, application=application, has_conflict=False)
    application.refresh_from_db()
    assert assessor.has_perm("funds.view_application", application)
    assert assessor.has_perm("funds.assess_application", application)


def test_changing_is_for_the_applicants_members_while_a_draft(round_):
    application, applicant = draft(round_)
    assert applicant.has_perm("funds.change_application", application)
    assert not UserFactory().has_perm("funds.change_application", application)
    services.application_submit(actor=applicant, application=application)
    application.refresh_from_db()
    assert not applicant.has_perm("funds.change_application", application)
    assert applicant.has_perm("funds.withdraw_application", application)


def test_money_is_handled_by_administrators_and_finance(round_, admin):
    application, applicant = submitted(round_)
    finance = finance_of(round_.programme.fund)
    assert finance.has_perm("funds.release_payment", application)
    assert admin.has_perm("funds.release_payment", application)
    assert not finance.has_perm("funds.decide_application", application)
    assert not applicant.has_perm("funds.release_payment", application)
    assert applicant.has_perm("funds.view_bank_details", application)
    assert not member_of(application.organisation, "coordinator").has_perm("funds.view_bank_details", application)


def test_applying_for_an_organisation_needs_a_verified_membership():
    organisation = VerifiedOrganisationFactory()
    assert member_of(organisation, "coordinator").has_perm("funds.apply_for_organisation", organisation)
    assert not UserFactory().has_perm("funds.apply_for_organisation", organisation)
    unverified = MembershipFactory().organisation
    assert not member_of(unverified).has_perm("funds.apply_for_organisation", unverified)
