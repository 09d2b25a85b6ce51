"""The roles contract (selectors.user_roles and friends), the shared predicates and the permissions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from covenant.organisations import predicates, selectors
from covenant.organisations.models import Role
from tests.accounts.factories import UserFactory

from .factories import (
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
    admin_of,
)

pytestmark = pytest.mark.django_db


def test_anonymous_people_have_no_roles():
    assert selectors.user_roles(AnonymousUser()) == frozenset()
    assert selectors.user_roles(None) == frozenset()
    assert not selectors.user_has_official_role(AnonymousUser())


def test_a_confirmed_email_makes_a_resident():
    assert selectors.user_roles(UserFactory()) == {"resident"}
    assert selectors.user_roles(UserFactory(verified=False)) == frozenset()


def test_inactive_people_have_no_roles():
    assert selectors.user_roles(UserFactory(is_active=False, is_staff=True)) == frozenset()


def test_staff():
    staff = UserFactory(is_staff=True)
    assert selectors.user_roles(staff) == {"resident", "platform_staff"}
    assert selectors.user_has_official_role(staff)


def test_council_officer_needs_the_officer_role_in_a_verified_council():
    officer = MembershipFactory(organisation=LocalAuthorityFactory(), roles=["officer"]).user
    assert selectors.user_roles(officer) == {"resident", "organisation_member", "council_officer"}
    assert selectors.user_has_official_role(officer)

    unverified = MembershipFactory(organisation=LocalAuthorityFactory(verification_status="unverified"),
                                   roles=["officer"]).user
    charity_officer = MembershipFactory(organisation=VerifiedOrganisationFactory(), roles=["officer"]).user
    council_coordinator = MembershipFactory(organisation=LocalAuthorityFactory(), roles=["coordinator"]).user
    for person in (unverified, charity_officer, council_coordinator):
        assert "council_officer" not in selectors.user_roles(person)
        assert not selectors.user_has_official_role(person)


def test_fund_administrator_needs_a_verified_organisation():
    funder = MembershipFactory(organisation=VerifiedOrganisationFactory(), roles=["fund_administrator"]).user
    assert "fund_administrator" in selectors.user_roles(funder)
    assert selectors.user_has_official_role(funder)
    suspended = MembershipFactory(organisation=VerifiedOrganisationFactory(verification_status="suspended"),
                                  roles=["fund_administrator"]).user
    assert selectors.user_roles(suspended) == {"resident", "organisation_member"}


def test_user_roles_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    person = UserFactory()
    for _ in range(5):
        MembershipFactory(user=person, organisation=LocalAuthorityFactory(), roles=["officer", "fund_administrator"])
    with django_assert_max_num_queries(3):
        assert selectors.user_roles(person) == {"resident", "organisation_member", "council_officer",
                                                "fund_administrator"}


def test_has_org_role_needs_a_verified_organisation_unless_asked():
    organisation = OrganisationFactory()
    member = MembershipFactory(organisation=organisation, roles=["assessor"]).user
    assert not predicates.has_org_role("assessor")(member, organisation)
    assert predicates.has_org_role("assessor", verified_only=False)(member, organisation)
    organisation.verification_status = "verified"
    organisation.save()
    assert predicates.has_org_role("assessor")(member, organisation)
    assert not predicates.has_org_role("finance")(member, organisation)
    assert not predicates.has_org_role("assessor")(UserFactory(), organisation)
    assert not predicates.has_org_role("assessor")(AnonymousUser(), organisation)


def test_predicates_accept_objects_that_belong_to_an_organisation():
    organisation = VerifiedOrganisationFactory()
    member = MembershipFactory(organisation=organisation, roles=["coordinator"]).user

    class Need:
        def __init__(self, organisation):
            self.organisation = organisation

    assert predicates.is_verified_member(member, Need(organisation))
    assert predicates.has_org_role("coordinator")(member, Need(organisation))
    assert not predicates.is_verified_member(member, Need(None))
    assert not predicates.is_verified_member(member, None)


def test_has_org_role_refuses_unknown_roles():
    with pytest.raises(ValueError):
        predicates.has_org_role("emperor")


def test_user_level_predicates():
    officer = MembershipFactory(organisation=LocalAuthorityFactory(), roles=["officer"]).user
    assert predicates.is_council_officer(officer) and not predicates.is_fund_administrator(officer)
    assert predicates.is_platform_staff(UserFactory(is_staff=True))
    assert not predicates.is_platform_staff(officer)
    assert not predicates.is_platform_staff(AnonymousUser())


def test_permissions():
    unverified = OrganisationFactory()
    verified = VerifiedOrganisationFactory()
    admin = admin_of(unverified)
    member = MembershipFactory(organisation=unverified, roles=["coordinator"]).user
    verified_member = MembershipFactory(organisation=verified, roles=["coordinator"]).user
    stranger, staff, anonymous = UserFactory(), UserFactory(is_staff=True), AnonymousUser()

    def can(person, perm, obj=None):
        return person.has_perm(f"organisations.{perm}", obj)

    assert all(can(p, "view_organisation", verified) for p in (anonymous, stranger, staff))
    assert [can(p, "view_organisation", unverified) for p in (anonymous, stranger, member, admin, staff)] == [
        False, False, True, True, True]
    assert [can(p, "change_organisation", unverified) for p in (stranger, member, admin, staff)] == [
        False, False, True, False]
    assert [can(p, "manage_members", unverified) for p in (stranger, member, admin, staff)] == [
        False, False, True, False]
    assert [can(p, "verify_organisation", unverified) for p in (admin, stranger, staff)] == [False, False, True]
    # Unverified organisations cannot act; members of verified ones can.
    assert not can(admin, "act_for_organisation", unverified)
    assert not can(member, "act_for_organisation", unverified)
    assert can(verified_member, "act_for_organisation", verified)
    assert not can(stranger, "act_for_organisation", verified)
    assert can(stranger, "add_organisation") and not can(anonymous, "add_organisation")
    assert not can(UserFactory(verified=False), "add_organisation")


def test_organisations_for_user_and_members_of(django_assert_max_num_queries):
    person = UserFactory()
    first = MembershipFactory(user=person, roles=["admin", "finance"]).organisation
    second = MembershipFactory(user=person, organisation=VerifiedOrganisationFactory(),
                               roles=["coordinator"]).organisation
    MembershipFactory()  # someone else's
    with django_assert_max_num_queries(3):
        organisations = list(selectors.organisations_for_user(person))
        roles = {o.pk: o.my_memberships[0].role_names for o in organisations}
    assert roles == {first.pk: ["admin", "finance"], second.pk: ["coordinator"]}
    for _ in range(4):
        MembershipFactory(organisation=first, roles=["assessor"])
    with django_assert_max_num_queries(2):
        rows = [(m.user.email, m.role_names) for m in selectors.members_of(first)]
    assert len(rows) == 5
    assert selectors.organisations_for_user(AnonymousUser()).count() == 0


def test_verification_queue_and_directory():
    waiting = OrganisationFactory(name="Alpha")
    verified = VerifiedOrganisationFactory(name="Beta Food Bank", description="Hot meals")
    council = LocalAuthorityFactory(name="Gamma Council")
    OrganisationFactory(verification_status="rejected")
    assert list(selectors.verification_queue()) == [waiting]
    assert list(selectors.verified_organisations()) == [verified, council]
    assert list(selectors.verified_organisations(type="local_authority")) == [council]
    assert list(selectors.verified_organisations(text="meals")) == [verified]
    assert list(selectors.verified_organisations(text=verified.org_id.lower())) == [verified]


def test_organisations_where_role():
    person = UserFactory()
    verified = MembershipFactory(user=person, organisation=VerifiedOrganisationFactory(),
                                 roles=[Role.FUND_ADMINISTRATOR]).organisation
    MembershipFactory(user=person, organisation=OrganisationFactory(), roles=[Role.FUND_ADMINISTRATOR])
    assert list(selectors.organisations_where_role(person, Role.FUND_ADMINISTRATOR)) == [verified]
    assert selectors.organisations_where_role(person, Role.FUND_ADMINISTRATOR, verified_only=False).count() == 2
