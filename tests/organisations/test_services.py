"""Services: registering, editing and verifying organisations, invitations and members; all audited."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.organisations import services
from covenant.organisations.models import (
    Invitation,
    Membership,
    OrganisationType,
    Role,
    VerificationStatus,
)
from tests.accounts.factories import UserFactory

from .factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
    admin_of,
)

pytestmark = pytest.mark.django_db

CHARITY = {
    "type": OrganisationType.REGISTERED_CHARITY,
    "name": "Riverside Food Bank",
    "charity_number": "1164883",
    "contact_email": "Hello@Riverside.example.org",
    "postcode": "sw1a1aa",
}


def entries(action):
    return AuditEntry.objects.filter(action=f"organisations.{action}")


# Registering and editing


def test_creator_becomes_the_first_admin_and_it_is_audited(user):
    organisation = services.organisation_create(actor=user, **CHARITY)
    assert organisation.org_id == "GB-CHC-1164883"
    assert organisation.postcode == "SW1A 1AA"
    assert organisation.contact_email == "hello@riverside.example.org"
    assert organisation.verification_status == VerificationStatus.UNVERIFIED
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user == user and membership.role_names == ["admin"]
    entry = entries("organisation_created").get()
    assert entry.actor == user and entry.target_id == str(organisation.pk)
    assert entry.changes["org_id"] == [None, "GB-CHC-1164883"]


def test_group_without_a_number_gets_its_own_identifier(user):
    organisation = services.organisation_create(
        actor=user, type=OrganisationType.INFORMAL_GROUP, name="Elm Street Mutual Aid",
        contact_email="elm@example.org", charity_number="1164883",  # ignored: not asked of this type
    )
    assert organisation.org_id == f"360G-covenant-org-{organisation.pk}"
    assert organisation.charity_number == ""


def test_council_is_identified_by_its_register_code_when_given(user):
    council = services.organisation_create(
        actor=user, type=OrganisationType.LOCAL_AUTHORITY, name="Birmingham City Council",
        contact_email="community@birmingham.example.gov.uk", ons_code="e08000025", register_code="bir",
    )
    assert (council.ons_code, council.org_id) == ("E08000025", "GB-LAE-BIR")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"charity_number": ""}, "charity_number"),
        ({"charity_number": "SC12"}, "charity_number"),
        ({"type": OrganisationType.CIC, "charity_number": ""}, "company_number"),
        ({"type": OrganisationType.LOCAL_AUTHORITY}, "ons_code"),
        ({"name": "  "}, "name"),
        ({"contact_email": ""}, "contact_email"),
        ({"postcode": "not a postcode"}, "postcode"),
        ({"type": "shop"}, "type"),
    ],
)
def test_create_rejects_bad_details(user, changes, field):
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(actor=user, **(CHARITY | changes))
    assert field in caught.value.message_dict
    assert not entries("organisation_created").exists()


def test_the_same_charity_cannot_be_registered_twice(user):
    OrganisationFactory(charity_number="1164883")
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(actor=user, **CHARITY)
    assert "already registered" in caught.value.message_dict["charity_number"][0]


def test_only_people_with_a_verified_email_may_register():
    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=UserFactory(verified=False), **CHARITY)


def test_update_is_audited_with_a_diff(organisation, admin):
    services.organisation_update(actor=admin, organisation=organisation, name="New Name", website="https://x.org")
    organisation.refresh_from_db()
    assert organisation.name == "New Name"
    assert organisation.verification_status == VerificationStatus.VERIFIED  # a name is not a register detail
    entry = entries("organisation_updated").get()
    assert entry.changes["name"][1] == "New Name"
    assert entry.changes["website"] == ["", "https://x.org"]


def test_new_registration_numbers_send_a_verified_organisation_back_for_checks(organisation, admin):
    services.organisation_update(actor=admin, organisation=organisation, company_number="01234567")
    organisation.refresh_from_db()
    assert organisation.verification_status == VerificationStatus.UNVERIFIED
    assert organisation.company_number == "01234567"


def test_updating_a_rejected_organisation_resubmits_it(staff):
    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    services.organisation_reject(actor=staff, organisation=organisation, reason="Number not on the register")
    services.organisation_update(actor=admin, organisation=organisation, charity_number="1164883")
    organisation.refresh_from_db()
    assert (organisation.verification_status, organisation.org_id) == ("unverified", "GB-CHC-1164883")


def test_an_update_that_changes_nothing_writes_no_entry(organisation, admin):
    services.organisation_update(actor=admin, organisation=organisation, name=organisation.name)
    assert not entries("organisation_updated").exists()


def test_non_admins_cannot_update(organisation):
    member = MembershipFactory(organisation=organisation, roles=["coordinator"]).user
    for actor in (member, UserFactory(), UserFactory(is_staff=True)):
        with pytest.raises(PermissionDenied):
            services.organisation_update(actor=actor, organisation=organisation, name="Hijacked")


def test_update_rejects_unknown_fields(organisation, admin):
    with pytest.raises(TypeError):
        services.organisation_update(actor=admin, organisation=organisation, verification_status="verified")


# Verification


def test_staff_verify_then_suspend_then_reinstate(staff, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_verify(actor=staff, organisation=organisation)
    organisation.refresh_from_db()
    assert organisation.verification_status == "verified"
    assert organisation.verification_changed_by == staff and organisation.verification_changed_at
    assert [m.to for m in mail.outbox] == [[admin.email]]
    assert "has been verified" in mail.outbox[0].subject

    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_suspend(actor=staff, organisation=organisation, reason="Complaint under review")
    organisation.refresh_from_db()
    assert (organisation.verification_status, organisation.verification_reason) == (
        "suspended", "Complaint under review")
    assert "Complaint under review" in mail.outbox[-1].body

    services.organisation_verify(actor=staff, organisation=organisation)
    actions = list(AuditEntry.objects.filter(target_id=str(organisation.pk)).order_by("id").values_list("action",
                                                                                                         flat=True))
    assert actions == ["organisations.verified", "organisations.suspended", "organisations.verified"]
    suspended = entries("suspended").get()
    assert suspended.metadata == {"reason": "Complaint under review"}
    assert suspended.changes == {"verification_status": ["verified", "suspended"]}


def test_reject_needs_a_reason(staff):
    organisation = OrganisationFactory()
    for reason in ("", "   ", "x" * 2001):
        with pytest.raises(ValidationError) as caught:
            services.organisation_reject(actor=staff, organisation=organisation, reason=reason)
        assert "reason" in caught.value.message_dict
    services.organisation_reject(actor=staff, organisation=organisation, reason="Not a real charity")
    organisation.refresh_from_db()
    assert organisation.verification_status == "rejected"


@pytest.mark.parametrize(
    ("status", "action"),
    [("verified", "verify"), ("rejected", "verify"), ("verified", "reject"), ("suspended", "reject"),
     ("unverified", "suspend"), ("rejected", "suspend")],
)
def test_transitions_not_allowed(staff, status, action):
    organisation = OrganisationFactory(verification_status=status)
    function = getattr(services, f"organisation_{action}")
    kwargs = {} if action == "verify" else {"reason": "Because"}
    with pytest.raises(ValidationError) as caught:
        function(actor=staff, organisation=organisation, **kwargs)
    assert caught.value.code == "transition"


def test_only_platform_staff_verify(organisation, admin):
    unverified = OrganisationFactory()
    for actor in (admin_of(unverified), admin, UserFactory(), None):
        with pytest.raises(PermissionDenied):
            services.organisation_verify(actor=actor, organisation=unverified)


# Invitations


def test_invitation_is_emailed_once_the_transaction_commits(organisation, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=admin, organisation=organisation, email=" New.Person@Example.org ", roles=["verifier", "admin"]
        )
    assert invitation.email == "new.person@example.org"
    assert invitation.roles == ["admin", "verifier"]
    assert invitation.expires_at - invitation.sent_at == timedelta(days=14)
    assert invitation.token_hash != invitation.token  # only the hash is stored
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert organisation.name in message.subject
    assert f"/organisations/invitations/{invitation.token}/" in message.body
    assert entries("invitation_created").get().metadata["email"] == "new.person@example.org"


@pytest.mark.parametrize(
    ("email", "roles", "field"),
    [("", ["admin"], "email"), ("not-an-email", ["admin"], "email"), ("a@example.org", [], "roles"),
     ("a@example.org", ["emperor"], "roles")],
)
def test_invitation_bad_input(organisation, admin, email, roles, field):
    with pytest.raises(ValidationError) as caught:
        services.invitation_create(actor=admin, organisation=organisation, email=email, roles=roles)
    assert field in caught.value.message_dict


def test_cannot_invite_a_member_or_invite_twice(organisation, admin):
    member = MembershipFactory(organisation=organisation).user
    with pytest.raises(ValidationError, match="already a member"):
        services.invitation_create(actor=admin, organisation=organisation, email=member.email.upper(),
                                   roles=["coordinator"])
    services.invitation_create(actor=admin, organisation=organisation, email="x@example.org", roles=["finance"])
    with pytest.raises(ValidationError, match="Resend it instead"):
        services.invitation_create(actor=admin, organisation=organisation, email="X@example.org", roles=["finance"])


def test_only_admins_invite(organisation):
    coordinator = MembershipFactory(organisation=organisation, roles=["coordinator"]).user
    for actor in (coordinator, UserFactory(), UserFactory(is_staff=True)):
        with pytest.raises(PermissionDenied):
            services.invitation_create(actor=actor, organisation=organisation, email="a@example.org",
                                       roles=["admin"])


def test_accepting_joins_with_the_invited_roles(organisation, admin):
    invitation = services.invitation_create(actor=admin, organisation=organisation, email="sam@example.org",
                                            roles=["coordinator", "verifier"])
    sam = UserFactory(email="SAM@example.org")
    membership = services.invitation_accept(actor=sam, token=invitation.token)
    assert membership.organisation == organisation
    assert membership.role_names == ["coordinator", "verifier"]
    invitation.refresh_from_db()
    assert invitation.accepted_by == sam and invitation.state == "accepted"
    assert entries("invitation_accepted").get().actor == sam


def test_accepting_adds_roles_to_an_existing_member(organisation, admin):
    existing = MembershipFactory(organisation=organisation, roles=["coordinator"])
    invitation = InvitationFactory(organisation=organisation, email=existing.user.email, roles=["finance"])
    membership = services.invitation_accept(actor=existing.user, token=f"token-{invitation.email}")
    assert membership.pk == existing.pk
    assert membership.role_names == ["coordinator", "finance"]


def test_an_invitation_works_once(organisation):
    InvitationFactory(organisation=organisation, email="once@example.org")
    person = UserFactory(email="once@example.org")
    services.invitation_accept(actor=person, token="token-once@example.org")
    with pytest.raises(ValidationError, match="already been used"):
        services.invitation_accept(actor=person, token="token-once@example.org")
    assert entries("invitation_accepted").count() == 1


def test_an_invitation_expires_after_14_days(organisation):
    InvitationFactory(organisation=organisation, email="late@example.org")
    person = UserFactory(email="late@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=14, seconds=1)):
        with pytest.raises(ValidationError, match="has expired"):
            services.invitation_accept(actor=person, token="token-late@example.org")
    assert not Membership.objects.filter(user=person).exists()


def test_an_invitation_for_someone_else_cannot_be_used(organisation):
    InvitationFactory(organisation=organisation, email="intended@example.org")
    other = UserFactory(email="other@example.org")
    with pytest.raises(ValidationError, match="different email address"):
        services.invitation_accept(actor=other, token="token-intended@example.org")


def test_the_invited_address_must_be_verified(organisation):
    InvitationFactory(organisation=organisation, email="unconfirmed@example.org")
    person = UserFactory(email="unconfirmed@example.org", verified=False)
    with pytest.raises(ValidationError, match="different email address"):
        services.invitation_accept(actor=person, token="token-unconfirmed@example.org")


@pytest.mark.parametrize("token", ["", "nonsense", "x" * 500])
def test_an_unknown_token_is_not_valid(user, token):
    with pytest.raises(ValidationError, match="not valid"):
        services.invitation_accept(actor=user, token=token)


def test_revoked_invitations_cannot_be_used_or_revoked_again(organisation, admin):
    invitation = InvitationFactory(organisation=organisation, email="gone@example.org")
    services.invitation_revoke(actor=admin, invitation=invitation)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.invitation_accept(actor=UserFactory(email="gone@example.org"), token="token-gone@example.org")
    with pytest.raises(ValidationError, match="already been withdrawn"):
        services.invitation_revoke(actor=admin, invitation=invitation)
    with pytest.raises(ValidationError, match="cannot be resent"):
        services.invitation_resend(actor=admin, invitation=invitation)
    assert entries("invitation_revoked").count() == 1


def test_resend_replaces_the_link_and_the_expiry(organisation, admin, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(organisation=organisation, email="again@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        with django_capture_on_commit_callbacks(execute=True):
            resent = services.invitation_resend(actor=admin, invitation=invitation)
        assert resent.state == "pending"
        assert resent.expires_at > timezone.now() + timedelta(days=13)
        person = UserFactory(email="again@example.org")
        with pytest.raises(ValidationError, match="not valid"):
            services.invitation_accept(actor=person, token="token-again@example.org")
        services.invitation_accept(actor=person, token=resent.token)
    assert resent.token in mail.outbox[0].body
    assert entries("invitation_resent").count() == 1


def test_a_resent_invitation_is_delivered_again(organisation, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(actor=admin, organisation=organisation, email="b@example.org",
                                                roles=["assessor"])
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(actor=admin, invitation=invitation)
    assert len(mail.outbox) == 2


def test_accepted_invitations_cannot_be_revoked(organisation, admin):
    invitation = InvitationFactory(organisation=organisation, email="in@example.org")
    services.invitation_accept(actor=UserFactory(email="in@example.org"), token="token-in@example.org")
    with pytest.raises(ValidationError, match="Remove the member instead"):
        services.invitation_revoke(actor=admin, invitation=invitation)


def test_only_admins_resend_or_revoke(organisation):
    invitation = InvitationFactory(organisation=organisation)
    outsider = admin_of(VerifiedOrganisationFactory())
    for function in (services.invitation_resend, services.invitation_revoke):
        with pytest.raises(PermissionDenied):
            function(actor=outsider, invitation=invitation)
    assert Invitation.objects.get(pk=invitation.pk).state == "pending"


# Roles and removal


def test_set_roles_is_audited(organisation, admin):
    membership = MembershipFactory(organisation=organisation, roles=["coordinator"])
    services.membership_set_roles(actor=admin, membership=membership, roles=["assessor", "finance"])
    assert membership.role_names == ["assessor", "finance"]
    assert entries("membership_roles_changed").get().changes == {
        "roles": [["coordinator"], ["assessor", "finance"]]}


def test_the_last_admin_cannot_lose_the_role_or_leave(organisation, admin):
    membership = Membership.objects.get(user=admin, organisation=organisation)
    with pytest.raises(ValidationError, match="at least one administrator"):
        services.membership_set_roles(actor=admin, membership=membership, roles=["coordinator"])
    with pytest.raises(ValidationError, match="last administrator"):
        services.membership_remove(actor=admin, membership=membership)
    assert membership.role_names == ["admin"]


def test_an_admin_can_step_down_once_there_is_another(organisation, admin):
    second = MembershipFactory(organisation=organisation, roles=["admin"])
    mine = Membership.objects.get(user=admin, organisation=organisation)
    services.membership_set_roles(actor=admin, membership=mine, roles=["coordinator"])
    with pytest.raises(ValidationError, match="last administrator"):
        services.membership_remove(actor=second.user, membership=second)
    services.membership_remove(actor=second.user, membership=mine)
    assert not Membership.objects.filter(pk=mine.pk).exists()
    assert entries("membership_removed").get().metadata["email"] == admin.email


def test_members_may_leave_but_not_remove_others(organisation):
    admin_of(organisation)
    leaver = MembershipFactory(organisation=organisation, roles=["coordinator"])
    other = MembershipFactory(organisation=organisation, roles=["coordinator"])
    with pytest.raises(PermissionDenied):
        services.membership_remove(actor=leaver.user, membership=other)
    with pytest.raises(PermissionDenied):
        services.membership_set_roles(actor=leaver.user, membership=leaver, roles=["admin"])
    services.membership_remove(actor=leaver.user, membership=leaver)
    assert not Membership.objects.filter(pk=leaver.pk).exists()


def test_roles_must_be_real(organisation, admin):
    membership = MembershipFactory(organisation=organisation)
    for roles in ([], ["king"]):
        with pytest.raises(ValidationError):
            services.membership_set_roles(actor=admin, membership=membership, roles=roles)
    assert Role.values == ["admin", "coordinator", "verifier", "assessor", "officer", "finance",
                           "fund_administrator"]
