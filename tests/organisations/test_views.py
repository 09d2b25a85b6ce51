"""Pages: registering, the directory, editing, members, invitations and the staff verification pages."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.organisations.models import Invitation, Membership, Organisation
from tests.accounts.factories import StaffUserFactory, UserFactory

from .factories import (
    InvitationFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
    admin_of,
)

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def url(name, *args):
    return reverse(f"organisations:{name}", args=args)


# Registering


def test_register_asks_for_the_type_then_the_details(client, user):
    signed_in(client, user)
    page = client.get(url("register"))
    assert page.status_code == 200
    assert "What type of organisation is it?" in page.content.decode()
    chosen = client.post(url("register"), {"type": "cic"})
    assert chosen.status_code == 302 and chosen.url == url("register_details", "cic")
    details = client.get(chosen.url).content.decode()
    assert "Company number" in details and "Charity number" not in details
    done = client.post(chosen.url, {"name": "Green Streets CIC", "company_number": "1234567",
                                     "contact_email": "hi@green.example.org", "postcode": "m1 1ae"})
    organisation = Organisation.objects.get()
    assert done.status_code == 302 and done.url == url("detail", organisation.pk)
    assert (organisation.org_id, organisation.postcode) == ("GB-COH-01234567", "M1 1AE")
    assert Membership.objects.get().user == user


def test_register_type_must_be_chosen(client, user):
    page = signed_in(client, user).post(url("register"), {"type": "shop"})
    assert page.status_code == 200
    assert "Select the type of organisation" in page.content.decode()
    assert "govuk-error-summary" in page.content.decode()


@pytest.mark.parametrize(
    ("organisation_type", "data", "message"),
    [
        ("registered_charity", {"name": "X", "contact_email": "a@example.org"}, "Enter a charity number"),
        ("registered_charity", {"name": "X", "charity_number": "12", "contact_email": "a@example.org"},
         "Enter a charity number in the correct format"),
        ("local_authority", {"name": "X", "contact_email": "a@example.org", "ons_code": "E05000001"},
         "Enter the ONS code of a council"),
        ("local_authority", {"name": "X", "contact_email": "a@example.org", "ons_code": "E06000001",
                             "register_code": "B1"}, "register code in the correct format"),
        ("parish_council", {"name": "X", "contact_email": "a@example.org", "ons_code": "E06000001"},
         "starts with E04 or W04"),
        ("informal_group", {"name": "", "contact_email": "a@example.org"}, "Enter the organisation’s name"),
        ("informal_group", {"name": "X", "contact_email": "nope"}, "Enter an email address in the correct format"),
        ("informal_group", {"name": "X", "contact_email": "a@example.org", "postcode": "ZZ"},
         "Enter a full postcode"),
        ("informal_group", {"name": "X", "contact_email": "a@example.org", "website": "not a site"},
         "Enter a website address in the correct format"),
        ("business", {"name": "X", "contact_email": "a@example.org", "company_number": "XY123456"},
         "Companies House prefix"),
    ],
)
def test_register_details_bad_input(client, user, organisation_type, data, message):
    page = signed_in(client, user).post(url("register_details", organisation_type), data)
    assert page.status_code == 200
    body = page.content.decode()
    assert message in body and "govuk-error-summary" in body
    assert "Error:" in body.split("</title>")[0]
    assert not Organisation.objects.exists()


def test_register_details_refuses_a_duplicate_charity(client, user):
    OrganisationFactory(charity_number="1164883")
    page = signed_in(client, user).post(url("register_details", "registered_charity"), {
        "name": "Copy", "charity_number": "1164883", "contact_email": "a@example.org"})
    assert "already registered" in page.content.decode()
    assert Organisation.objects.count() == 1


def test_register_an_unknown_type_is_not_found(client, user):
    assert signed_in(client, user).get(url("register_details", "shop")).status_code == 404


def test_register_needs_a_signed_in_person_with_a_confirmed_email(client):
    assert client.get(url("register")).status_code == 302
    assert client.get(url("register")).url.startswith(reverse("account_login"))
    signed_in(client, UserFactory(verified=False))
    assert client.get(url("register")).status_code == 404
    assert client.post(url("register_details", "informal_group"), {"name": "X"}).status_code == 404


# Directory and organisation pages


def test_directory_lists_only_verified_organisations(client):
    VerifiedOrganisationFactory(name="Shown Trust")
    OrganisationFactory(name="Hidden Trust")
    LocalAuthorityFactory(name="Shown Council")
    body = client.get(url("directory")).content.decode()
    assert "Shown Trust" in body and "Shown Council" in body and "Hidden Trust" not in body
    filtered = client.get(url("directory"), {"type": "local_authority", "q": "council"}).content.decode()
    assert "Shown Council" in filtered and "Shown Trust" not in filtered
    # Nonsense filters are ignored rather than failing.
    assert client.get(url("directory"), {"type": "<script>", "q": "x" * 5000}).status_code == 200


def test_organisation_page_is_public_once_verified(client, organisation):
    page = client.get(url("detail", organisation.pk))
    assert page.status_code == 200
    assert organisation.org_id in page.content.decode()


def test_unverified_organisations_are_seen_only_by_members_and_staff(client, staff):
    organisation = OrganisationFactory()
    member = MembershipFactory(organisation=organisation).user
    assert client.get(url("detail", organisation.pk)).status_code == 404
    assert signed_in(client, UserFactory()).get(url("detail", organisation.pk)).status_code == 404
    assert signed_in(client, member).get(url("detail", organisation.pk)).status_code == 200
    assert signed_in(client, staff).get(url("detail", organisation.pk)).status_code == 200


def test_missing_organisation_is_not_found(client):
    assert client.get("/organisations/999999/").status_code == 404


def test_your_organisations(client, organisation, admin):
    assert client.get(url("mine")).status_code == 302
    body = signed_in(client, admin).get(url("mine")).content.decode()
    assert organisation.name in body and "Administrator" in body


# Editing


def test_admin_edits_details(client, organisation, admin):
    signed_in(client, admin)
    assert client.get(url("edit", organisation.pk)).status_code == 200
    response = client.post(url("edit", organisation.pk), {
        "name": "Renamed Trust", "charity_number": organisation.charity_number,
        "contact_email": "new@example.org"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Renamed Trust"
    assert AuditEntry.objects.filter(action="organisations.organisation_updated").exists()


def test_admin_changes_the_type(client, organisation, admin):
    signed_in(client, admin)
    chosen = client.post(url("edit_type", organisation.pk), {"type": "informal_group"})
    assert chosen.status_code == 302 and chosen.url == f"{url('edit', organisation.pk)}?type=informal_group"
    form = client.get(chosen.url).content.decode()
    assert "Charity number" not in form
    client.post(chosen.url, {"name": organisation.name, "contact_email": "a@example.org"})
    organisation.refresh_from_db()
    assert organisation.type == "informal_group"
    assert organisation.org_id == f"360G-covenant-org-{organisation.pk}"
    assert organisation.verification_status == "unverified"


def test_edit_bad_input(client, organisation, admin):
    signed_in(client, admin)
    page = client.post(url("edit", organisation.pk), {"name": "", "charity_number": "abc",
                                                      "contact_email": "a@example.org"})
    assert page.status_code == 200
    assert "Enter the organisation’s name" in page.content.decode()
    assert client.post(url("edit_type", organisation.pk), {"type": "x"}).status_code == 200
    assert client.get(f"{url('edit', organisation.pk)}?type=shop").status_code == 404


def test_only_admins_edit(client, organisation, staff):
    coordinator = MembershipFactory(organisation=organisation, roles=["coordinator"]).user
    for person in (coordinator, UserFactory(), staff, admin_of(VerifiedOrganisationFactory())):
        signed_in(client, person)
        assert client.get(url("edit", organisation.pk)).status_code == 404
        assert client.post(url("edit", organisation.pk), {"name": "Hijacked"}).status_code == 404
        assert client.get(url("edit_type", organisation.pk)).status_code == 404
    client.logout()
    assert client.get(url("edit", organisation.pk)).status_code == 302


# Members and invitations


def test_admin_sees_members_and_invites(client, organisation, admin, django_capture_on_commit_callbacks):
    signed_in(client, admin)
    assert admin.email in client.get(url("members", organisation.pk)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("invite", organisation.pk), {"email": "new@example.org",
                                                                "roles": ["coordinator", "verifier"]})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["new@example.org"]
    assert "new@example.org" in client.get(url("members", organisation.pk)).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [({"email": "", "roles": ["admin"]}, "Enter an email address"),
     ({"email": "bad", "roles": ["admin"]}, "Enter an email address in the correct format"),
     ({"email": "a@example.org"}, "Select at least one role"),
     ({"email": "a@example.org", "roles": ["king"]}, "Select roles from the list")],
)
def test_invite_bad_input(client, organisation, admin, data, message):
    page = signed_in(client, admin).post(url("invite", organisation.pk), data)
    assert page.status_code == 200 and message in page.content.decode()
    assert not Invitation.objects.exists()


def test_invite_someone_already_a_member(client, organisation, admin):
    page = signed_in(client, admin).post(url("invite", organisation.pk), {"email": admin.email,
                                                                         "roles": ["finance"]})
    assert "already a member" in page.content.decode()


def test_only_admins_manage_members(client, organisation, staff):
    membership = MembershipFactory(organisation=organisation, roles=["coordinator"])
    invitation = InvitationFactory(organisation=organisation)
    pages = [url("members", organisation.pk), url("invite", organisation.pk),
             url("member_roles", organisation.pk, membership.pk), url("member_remove", organisation.pk, membership.pk)]
    posts = [url("invitation_resend", organisation.pk, invitation.pk),
             url("invitation_revoke", organisation.pk, invitation.pk)]
    for person in (membership.user, UserFactory(), staff, admin_of(VerifiedOrganisationFactory())):
        signed_in(client, person)
        for page in pages:
            assert client.get(page).status_code == 404, page
        for post in posts:
            assert client.post(post).status_code == 404, post
    assert Invitation.objects.get().state == "pending"


def test_members_of_another_organisation_are_not_found(client, organisation, admin):
    elsewhere = MembershipFactory(organisation=VerifiedOrganisationFactory())
    signed_in(client, admin)
    assert client.get(url("member_roles", organisation.pk, elsewhere.pk)).status_code == 404
    assert client.get(url("member_remove", organisation.pk, elsewhere.pk)).status_code == 404
    other_invitation = InvitationFactory()
    assert client.post(url("invitation_revoke", organisation.pk, other_invitation.pk)).status_code == 404


def test_change_roles_and_the_last_admin_rule(client, organisation, admin):
    signed_in(client, admin)
    mine = Membership.objects.get(user=admin)
    page = client.post(url("member_roles", organisation.pk, mine.pk), {"roles": ["coordinator"]})
    assert page.status_code == 200 and "at least one administrator" in page.content.decode()
    page = client.post(url("member_roles", organisation.pk, mine.pk), {})
    assert "Select at least one role" in page.content.decode()
    other = MembershipFactory(organisation=organisation, roles=["coordinator"])
    assert client.post(url("member_roles", organisation.pk, other.pk), {"roles": ["admin"]}).status_code == 302
    assert other.role_names == ["admin"]


def test_remove_member_and_the_last_admin_rule(client, organisation, admin):
    signed_in(client, admin)
    mine = Membership.objects.get(user=admin)
    page = client.post(url("member_remove", organisation.pk, mine.pk))
    assert page.status_code == 200 and "last administrator" in page.content.decode()
    other = MembershipFactory(organisation=organisation)
    assert client.get(url("member_remove", organisation.pk, other.pk)).status_code == 200
    assert client.post(url("member_remove", organisation.pk, other.pk)).status_code == 302
    assert not Membership.objects.filter(pk=other.pk).exists()


def test_resend_and_revoke(client, organisation, admin, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(organisation=organisation)
    signed_in(client, admin)
    assert client.get(url("invitation_resend", organisation.pk, invitation.pk)).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("invitation_resend", organisation.pk, invitation.pk)).status_code == 302
    assert len(mail.outbox) == 1
    assert client.post(url("invitation_revoke", organisation.pk, invitation.pk)).status_code == 302
    assert Invitation.objects.get().state == "revoked"
    # Doing it again is answered with a message, not an error page.
    assert client.post(url("invitation_revoke", organisation.pk, invitation.pk)).status_code == 302


def test_accept_invitation(client, organisation):
    invitation = InvitationFactory(organisation=organisation, email="joiner@example.org", roles=["assessor"])
    person = UserFactory(email="joiner@example.org")
    accept = url("invitation_accept", "token-joiner@example.org")
    assert client.get(accept).status_code == 302  # sign in first
    signed_in(client, person)
    page = client.get(accept)
    assert page.status_code == 200 and organisation.name in page.content.decode()
    assert client.post(accept).status_code == 302
    assert Membership.objects.get(user=person).role_names == ["assessor"]
    used = client.get(accept)
    assert used.status_code == 400 and "already been used" in used.content.decode()
    assert client.post(accept).status_code == 400
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


def test_accept_invitation_problems(client, organisation):
    invitation = InvitationFactory(organisation=organisation, email="someone@example.org")
    accept = url("invitation_accept", "token-someone@example.org")
    wrong = signed_in(client, UserFactory(email="wrong@example.org")).post(accept)
    assert wrong.status_code == 400 and "different email address" in wrong.content.decode()
    right = signed_in(client, UserFactory(email="someone@example.org"))
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = right.post(accept)
    assert expired.status_code == 400 and "has expired" in expired.content.decode()
    unknown = right.get(url("invitation_accept", "made-up"))
    assert unknown.status_code == 404 and "not valid" in unknown.content.decode()
    assert not Membership.objects.filter(organisation=organisation).exists()


# Staff verification


def test_staff_verification_queue_and_actions(client, staff, django_capture_on_commit_callbacks):
    waiting = OrganisationFactory(name="Waiting Trust")
    admin_of(waiting)
    signed_in(client, staff)
    assert "Waiting Trust" in client.get(url("verification_queue")).content.decode()
    assert client.get(url("verify", waiting.pk)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("verify", waiting.pk)).status_code == 302
    waiting.refresh_from_db()
    assert waiting.verification_status == "verified"
    assert len(mail.outbox) == 1
    assert "Waiting Trust</a>" not in client.get(url("verification_queue")).content.decode()
    page = client.post(url("suspend", waiting.pk), {"reason": "  "})
    assert page.status_code == 200 and "Enter the reason for suspending" in page.content.decode()
    assert client.post(url("suspend", waiting.pk), {"reason": "Complaint"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.verification_status == "suspended"


def test_reject_needs_a_reason_and_a_valid_transition(client, staff):
    waiting = OrganisationFactory()
    signed_in(client, staff)
    page = client.post(url("reject", waiting.pk), {"reason": ""})
    assert "Enter the reason for rejecting" in page.content.decode()
    assert client.post(url("reject", waiting.pk), {"reason": "x" * 2001}).status_code == 200
    assert client.post(url("reject", waiting.pk), {"reason": "Not on the register"}).status_code == 302
    again = client.post(url("reject", waiting.pk), {"reason": "Again"})
    assert again.status_code == 200 and "cannot be" in again.content.decode()


def test_staff_pages_are_hidden_from_everyone_else(client):
    waiting = OrganisationFactory()
    admin = admin_of(waiting)
    officer = MembershipFactory(organisation=LocalAuthorityFactory(), roles=["officer"],
                                user=UserFactory()).user
    for person in (admin, UserFactory(), officer):
        signed_in(client, person)
        assert client.get(url("verification_queue")).status_code in (302, 404)
        for action in ("verify", "reject", "suspend"):
            response = client.post(url(action, waiting.pk), {"reason": "x"})
            assert response.status_code in (302, 404)
    waiting.refresh_from_db()
    assert waiting.verification_status == "unverified"
    client.logout()
    assert client.get(url("verification_queue")).status_code == 302


def test_staff_without_mfa_are_sent_to_enrol(client):
    signed_in(client, StaffUserFactory())
    response = client.get(url("verification_queue"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


def test_admin_site_is_read_only(client, organisation, admin):
    superuser = StaffUserFactory(mfa=True, is_superuser=True)
    signed_in(client, superuser)
    changelist = client.get("/django-admin/organisations/organisation/")
    assert changelist.status_code == 200 and organisation.name in changelist.content.decode()
    assert client.get("/django-admin/organisations/organisation/add/").status_code == 403
    before = organisation.name
    client.post(f"/django-admin/organisations/organisation/{organisation.pk}/change/", {"name": "Changed"})
    organisation.refresh_from_db()
    assert organisation.name == before
