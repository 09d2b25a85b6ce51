"""Who may open what: every role against every protected page and API endpoint, in one table.

Each row names a page or endpoint, how to build its address from the shared `world`, and the status each
role must get. To cover a new page, add a row to PAGES or API (use the helpers for the common shapes) and,
if it needs an object, create that object in `world`. Statuses:

    OK      200
    LOGIN   302 to the sign-in page (pages, for anonymous people)
    NF      404: missing and forbidden look the same
    DENIED  403 (the API, for anonymous people; it has no sign-in page to send them to)
    FOLLOWS 302 somewhere other than sign-in (a page that acts, then moves on)
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.accounts.factories import StaffUserFactory, UserFactory
from tests.funds import matrix_admin as funds_admin_matrix
from tests.funds import matrix_applying as funds_applying_matrix
from tests.funds import matrix_assessing as funds_assessing_matrix
from tests.funds import matrix_rows as funds_matrix
from tests.matrix import (
    DENIED,
    FOLLOWS,
    LOGIN,
    NF,
    OK,
    ROLES,
    Row,
    api_signed_in,
    expect,
    org_admin_only,
    public,
    signed_in,
    staff_only,
)
from tests.notifications.factories import NotificationFactory
from tests.organisations.factories import (
    InvitationFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
)
from tests.parishes import matrix_active, matrix_council
from tests.services.assets import matrix as assets_matrix
from tests.services.catalogue import matrix as catalogue_matrix
from tests.services.challenge import matrix as challenge_matrix
from tests.services.codesign import matrix as codesign_matrix
from tests.services.commissioning import matrix as commissioning_matrix
from tests.volunteers.bookings.factories import shift_of
from tests.volunteers.credentials.helpers import credential_of, credential_shared_with
from tests.volunteers.history.factories import pending_hours_for
from tests.volunteers.issuing.helpers import issued_credential_of
from tests.volunteers.needs.helpers import need_of
from tests.volunteers.references.factories import reference_of, token_of
from tests.volunteers.sharing.helpers import shared_passport_for

ROW_MODULES = (matrix_council, matrix_active, catalogue_matrix, codesign_matrix, challenge_matrix, assets_matrix,
               commissioning_matrix, funds_matrix, funds_applying_matrix, funds_assessing_matrix, funds_admin_matrix)


def search_need(status="published"):
    """A need with a shift to come, for the public search pages."""
    from tests.volunteers.factories import ShiftFactory

    return ShiftFactory(need__status=status).need


def offer_to(person):
    """An open offer of a shift's place to `person`, made as matching makes them."""
    from tests.volunteers.factories import PassportFactory, ShiftFactory
    from volunteers.models import MatchingKind, MatchingRun, Offer
    from volunteers.services.offers import offers_make

    passport = getattr(person, "passport", None) or PassportFactory(holder=person)
    shift = ShiftFactory()
    offers_make(run=MatchingRun.objects.create(kind=MatchingKind.NEED),
                offers=[{"shift_id": shift.pk, "passport_id": passport.pk, "shift_starts_at": shift.starts_at}])
    return Offer.objects.get(shift=shift, passport=passport)


def draft_proposal_of(person):
    """A draft pop-up parish proposal `person` leads, made once per test."""
    from parishes.models import Proposal
    from tests.parishes.factories import ProposalFactory

    return Proposal.objects.filter(created_by=person, status="draft").first() or ProposalFactory(created_by=person)


def published_proposal():
    """A proposal whose petition is open, made once per test."""
    from parishes.models import Proposal
    from tests.parishes.factories import ProposalFactory

    return Proposal.objects.filter(status="published").first() or ProposalFactory(status="published")


PAGES = [
    # core
    Row("home", lambda w: reverse("core:home"), public()),
    Row("dashboard", lambda w: reverse("core:dashboard"), signed_in()),
    # accounts
    Row("profile", lambda w: reverse("accounts:profile"), signed_in()),
    Row("profile change", lambda w: reverse("accounts:profile_change"), signed_in()),
    Row("download your data", lambda w: reverse("accounts:download_data"), signed_in()),
    Row("delete account", lambda w: reverse("accounts:delete"), signed_in()),
    # notifications
    Row("notifications", lambda w: reverse("notifications:list"), signed_in()),
    # Opening a notification marks it read and follows its link.
    Row("a resident's notification", lambda w: reverse("notifications:open", args=[w.notification.pk]),
        expect(NF, anonymous=LOGIN, resident=FOLLOWS)),
    # audit
    Row("audit log", lambda w: reverse("audit:list"), staff_only()),
    Row("audit entry", lambda w: reverse("audit:detail", args=[w.audit_entry.pk]), staff_only()),
    # organisations
    Row("organisation directory", lambda w: reverse("organisations:directory"), public()),
    Row("verified organisation", lambda w: reverse("organisations:detail", args=[w.organisation.pk]), public()),
    Row("unverified organisation", lambda w: reverse("organisations:detail", args=[w.unverified.pk]),
        expect(NF, platform_staff=OK)),
    Row("missing organisation", lambda w: reverse("organisations:detail", args=[999999]), expect(NF)),
    Row("register an organisation", lambda w: reverse("organisations:register"), signed_in()),
    Row("register: details", lambda w: reverse("organisations:register_details", args=["registered_charity"]),
        signed_in()),
    Row("your organisations", lambda w: reverse("organisations:mine"), signed_in()),
    Row("edit organisation", lambda w: reverse("organisations:edit", args=[w.organisation.pk]), org_admin_only()),
    Row("edit organisation type", lambda w: reverse("organisations:edit_type", args=[w.organisation.pk]),
        org_admin_only()),
    Row("members", lambda w: reverse("organisations:members", args=[w.organisation.pk]), org_admin_only()),
    Row("invite a member", lambda w: reverse("organisations:invite", args=[w.organisation.pk]), org_admin_only()),
    Row("change a member's roles",
        lambda w: reverse("organisations:member_roles", args=[w.organisation.pk, w.member_membership.pk]),
        org_admin_only()),
    Row("remove a member",
        lambda w: reverse("organisations:member_remove", args=[w.organisation.pk, w.member_membership.pk]),
        org_admin_only()),
    Row("accept an invitation to the resident",
        lambda w: reverse("organisations:invitation_accept", args=[w.invitation_token]),
        # Only the invited address can use it; everyone else is told why, without joining.
        expect(400, anonymous=LOGIN, resident=OK)),
    Row("verification queue", lambda w: reverse("organisations:verification_queue"), staff_only()),
    Row("verify an organisation", lambda w: reverse("organisations:verify", args=[w.unverified.pk]),
        staff_only()),
    Row("reject an organisation", lambda w: reverse("organisations:reject", args=[w.unverified.pk]),
        staff_only()),
    Row("suspend an organisation", lambda w: reverse("organisations:suspend", args=[w.organisation.pk]),
        staff_only()),
    # volunteers: passport profile (each person only ever reaches their own)
    *[Row(f"passport: {name}", lambda w, name=name: reverse(f"volunteers:passport-{name}"), signed_in())
      for name in ("tasks", "summary", "about-you", "skills", "causes", "availability", "away", "travel",
                   "access-needs", "languages")],
    Row("passport: check answers", lambda w: reverse("volunteers:passport-check", args=["skills"]), signed_in()),
    # volunteers: credentials (each holder reaches only their own; only verifiers with consent check them)
    Row("your checks and training", lambda w: reverse("volunteers:credentials-list"), signed_in()),
    Row("add a credential", lambda w: reverse("volunteers:credentials-add"), signed_in()),
    Row("add a credential: details", lambda w: reverse("volunteers:credentials-add-details", args=["dbs"]),
        signed_in()),
    # Without answers, check-your-answers sends people back to the questions.
    Row("add a credential: check answers", lambda w: reverse("volunteers:credentials-add-check", args=["dbs"]),
        expect(FOLLOWS, anonymous=LOGIN)),
    *[Row(f"a resident's credential: {name}",
          lambda w, name=name: reverse(f"volunteers:credentials-{name}", args=[credential_of(w.people["resident"]).pk]),
          expect(NF, anonymous=LOGIN, resident=OK))
      for name in ("change", "remove")],
    Row("a resident's credential: change, check answers",
        lambda w: reverse("volunteers:credentials-change-check", args=[credential_of(w.people["resident"]).pk]),
        expect(NF, anonymous=LOGIN, resident=FOLLOWS)),
    Row("verify credentials", lambda w: reverse("volunteers:credentials-verifier-home"), expect(NF, anonymous=LOGIN)),
    Row("credentials to verify for the organisation",
        lambda w: reverse("volunteers:credentials-verify-list", args=[w.organisation.pk]),
        expect(NF, anonymous=LOGIN)),
    Row("verify a credential shared with the organisation",
        lambda w: reverse("volunteers:credentials-verify",
                          args=[w.organisation.pk, credential_shared_with(w.organisation).pk]),
        expect(NF, anonymous=LOGIN)),
    # volunteers: sharing
    Row("passport sharing", lambda w: reverse("volunteers:sharing-list"), signed_in()),
    Row("share: find an organisation", lambda w: reverse("volunteers:sharing-search"), signed_in()),
    Row("share with an organisation", lambda w: reverse("volunteers:sharing-create", args=[w.organisation.pk]),
        signed_in()),
    Row("who has seen my passport", lambda w: reverse("volunteers:sharing-access-log"), signed_in()),
    Row("passports shared with the organisation",
        lambda w: reverse("volunteers:sharing-org-list", args=[w.organisation.pk]),
        expect(NF, anonymous=LOGIN, org_member=OK, org_admin=OK)),
    Row("a passport shared with the organisation",
        lambda w: reverse("volunteers:sharing-org-passport",
                          args=[w.organisation.pk, shared_passport_for(w.organisation).pk]),
        expect(NF, anonymous=LOGIN, org_member=OK, org_admin=OK)),
    # volunteers: references
    Row("your references", lambda w: reverse("volunteers:references-list"), signed_in()),
    Row("ask for a reference", lambda w: reverse("volunteers:references-add"), signed_in()),
    Row("withdraw a resident's reference request",
        lambda w: reverse("volunteers:references-withdraw", args=[reference_of(w.people["resident"]).pk]),
        expect(NF, anonymous=LOGIN, resident=OK)),
    # The referee needs no account: the link itself is the permission.
    Row("answer a reference request",
        lambda w: reverse("volunteers:references-answer", args=[token_of(reference_of(w.people["resident"]))]),
        public()),
    Row("references shared with the organisation",
        lambda w: reverse("volunteers:references-shared",
                          args=[w.organisation.pk, shared_passport_for(w.organisation).pk]),
        expect(NF, anonymous=LOGIN, org_member=OK, org_admin=OK)),
    # volunteers: hours
    Row("your hours", lambda w: reverse("volunteers:history-page"), signed_in()),
    Row("log hours", lambda w: reverse("volunteers:history-log"), signed_in()),
    Row("certificate of hours", lambda w: reverse("volunteers:history-certificate"), signed_in()),
    Row("hours to confirm", lambda w: reverse("volunteers:history-queue", args=[w.organisation.pk]),
        expect(NF, anonymous=LOGIN, org_member=OK, org_admin=OK)),
    *[Row(f"hours to confirm: {name}",
          lambda w, name=name: reverse(f"volunteers:history-{name}",
                                       args=[w.organisation.pk, pending_hours_for(w.organisation).pk]),
          expect(NF, anonymous=LOGIN, org_member=OK, org_admin=OK))
      for name in ("confirm", "decline")],
    # volunteers: bookings
    Row("your shifts", lambda w: reverse("volunteers:bookings-your-shifts"), signed_in()),
    Row("sign up to a shift", lambda w: reverse("volunteers:bookings-sign-up", args=[shift_of(w.organisation).pk]),
        signed_in()),
    *[Row(f"shift roster: {name}",
          lambda w, name=name: reverse(f"volunteers:bookings-{name}",
                                       args=[w.organisation.pk, shift_of(w.organisation).pk]),
          expect(NF, anonymous=LOGIN, org_member=OK, org_admin=OK))
      for name in ("roster", "roster-message")],
    # volunteers: matching's offers
    Row("your offers", lambda w: reverse("volunteers:offers"), signed_in()),
    # Without a passport there is nothing to choose yet: it sends people to start one.
    Row("your choices about offers", lambda w: reverse("volunteers:offers-preferences"),
        expect(FOLLOWS, anonymous=LOGIN)),
    Row("a resident's offer", lambda w: reverse("volunteers:offers-detail", args=[offer_to(w.people["resident"]).pk]),
        expect(NF, anonymous=LOGIN, resident=OK)),
    Row("matching: suggested volunteers for a need",
        lambda w: reverse("volunteers:matching-suggested", args=[w.organisation.pk, need_of(w.organisation).pk]),
        expect(NF, anonymous=LOGIN, org_member=OK, org_admin=OK)),
    Row("matching: national measures", lambda w: reverse("volunteers:matching-operations"), staff_only()),
    Row("matching: an organisation's measures",
        lambda w: reverse("volunteers:matching-organisation", args=[w.organisation.pk]),
        expect(NF, anonymous=LOGIN, org_member=OK, org_admin=OK)),
    # volunteers: issuing
    Row("your issued credentials", lambda w: reverse("volunteers:issuing-list"), signed_in()),
    Row("issue a credential", lambda w: reverse("volunteers:issuing-issue"), signed_in()),
    Row("check a credential", lambda w: reverse("volunteers:issuing-check"), public()),
    Row("a resident's issued credential: public page",
        lambda w: reverse("volunteers:issuing-public", args=[issued_credential_of(w.people["resident"]).pk]),
        public()),
    *[Row(f"a resident's issued credential: {name}",
          lambda w, name=name: reverse(f"volunteers:issuing-{name}",
                                       args=[issued_credential_of(w.people["resident"]).pk]),
          expect(NF, anonymous=LOGIN, resident=OK))
      for name in ("detail", "download", "qr", "revoke")],
    # volunteers: open data
    Row("open data about volunteering", lambda w: reverse("volunteers:opendata-page"), public()),
    # volunteers: needs (an organisation's coordinators and administrators run them; 404 to everyone else)
    *[Row(f"needs: {name}", lambda w, name=name: reverse(f"volunteers:needs-{name}", args=[w.organisation.pk]),
          expect(NF, anonymous=LOGIN, org_member=OK, org_admin=OK))
      for name in ("list", "create", "dashboard", "export")],
    *[Row(f"a need: {name}",
          lambda w, name=name: reverse(f"volunteers:needs-{name}", args=[w.organisation.pk, need_of(w.organisation).pk]),
          expect(NF, anonymous=LOGIN, org_member=OK, org_admin=OK))
      for name in ("detail", "edit", "shift-add", "shift-weekly", "shift-upload")],
    Row("a need: remove a shift",
        lambda w: reverse("volunteers:needs-shift-remove", args=[
            w.organisation.pk, need_of(w.organisation).pk, need_of(w.organisation).shifts.get().pk]),
        expect(NF, anonymous=LOGIN, org_member=OK, org_admin=OK)),
    # volunteers: search
    Row("find volunteering", lambda w: reverse("volunteers:search-page"), public()),
    Row("a published need", lambda w: reverse("volunteers:search-need", args=[search_need().pk]), public()),
    Row("a draft need, publicly", lambda w: reverse("volunteers:search-need", args=[search_need("draft").pk]),
        expect(NF)),
    # parishes: the public list and pages; drafts only for their proposers (and platform staff, to read)
    Row("pop-up parishes", lambda w: reverse("parishes:list"), public()),
    Row("propose a pop-up parish", lambda w: reverse("parishes:start"), signed_in()),
    Row("your parish proposals", lambda w: reverse("parishes:yours"), signed_in()),
    Row("a published proposal", lambda w: reverse("parishes:proposal", args=[published_proposal().slug]),
        public()),
    Row("a resident's draft proposal, publicly",
        lambda w: reverse("parishes:proposal", args=[draft_proposal_of(w.people["resident"]).slug]),
        expect(NF, resident=OK, platform_staff=OK)),
    Row("a missing proposal", lambda w: reverse("parishes:proposal", args=["no-such-parish"]), expect(NF)),
    *[Row(f"a resident's draft proposal: {name}",
          lambda w, name=name: reverse(f"parishes:{name}", args=[draft_proposal_of(w.people["resident"]).slug]),
          expect(NF, anonymous=LOGIN, resident=OK))
      for name in ("draft", "details", "area", "area-postcodes", "sunset", "powers", "constitution", "coproposers", "publish")],
    # Drafts are found by the link their proposers share: any resident may join the founding group.
    Row("join a draft's founding group",
        lambda w: reverse("parishes:join", args=[draft_proposal_of(w.people["resident"]).slug]), signed_in()),
    Row("join a published proposal's founding group",
        lambda w: reverse("parishes:join", args=[published_proposal().slug]), expect(NF, anonymous=LOGIN)),
    # Signing and withdrawing act, so they answer only POST.
    *[Row(f"a published proposal: {name}",
          lambda w, name=name: reverse(f"parishes:{name}", args=[published_proposal().slug]),
          expect(405, anonymous=LOGIN))
      for name in ("sign", "withdraw")],
]

API = [
    # parishes: published proposals onwards are open data; drafts are nobody's through the API
    Row("parish proposals (API)", lambda w: "/api/v1/parishes/proposals/", public()),
    Row("a published proposal (API)", lambda w: f"/api/v1/parishes/proposals/{published_proposal().slug}/", public()),
    Row("a draft proposal (API)",
        lambda w: f"/api/v1/parishes/proposals/{draft_proposal_of(w.people['resident']).slug}/", expect(NF)),
    Row("active parishes (API)", lambda w: "/api/v1/parishes/active/", public()),
    Row("parish areas (GeoJSON)", lambda w: "/api/v1/parishes/areas.geojson", public()),
    Row("me", lambda w: "/api/v1/me/", api_signed_in()),
    Row("notifications", lambda w: "/api/v1/notifications/", api_signed_in()),
    Row("audit log", lambda w: "/api/v1/audit/", expect(NF, platform_staff=OK)),
    Row("local authorities", lambda w: "/api/v1/places/local-authorities/", public()),
    Row("organisations", lambda w: "/api/v1/organisations/", public()),
    Row("verified organisation", lambda w: f"/api/v1/organisations/{w.organisation.pk}/", public()),
    Row("unverified organisation", lambda w: f"/api/v1/organisations/{w.unverified.pk}/",
        expect(NF, platform_staff=OK)),
    Row("organisation members", lambda w: f"/api/v1/organisations/{w.organisation.pk}/members/",
        expect(NF, org_admin=OK)),
    # volunteers: passport profile and taxonomies
    Row("your passport profile", lambda w: "/api/v1/passport/", api_signed_in()),
    Row("skills taxonomy", lambda w: "/api/v1/volunteering/skills/", public()),
    Row("causes taxonomy", lambda w: "/api/v1/volunteering/causes/", public()),
    # volunteers: credentials
    Row("your credentials", lambda w: "/api/v1/passport/credentials/", api_signed_in()),
    Row("a resident's credential", lambda w: f"/api/v1/passport/credentials/{credential_of(w.people['resident']).pk}/",
        expect(NF, anonymous=DENIED, resident=OK)),
    # volunteers: sharing
    Row("passport shares", lambda w: "/api/v1/passport/shares/", api_signed_in()),
    Row("passport access log", lambda w: "/api/v1/passport/access-log/", api_signed_in()),
    Row("passports shared with the organisation",
        lambda w: f"/api/v1/volunteering/organisations/{w.organisation.pk}/passports/",
        expect(NF, anonymous=DENIED, org_member=OK, org_admin=OK)),
    Row("a passport shared with the organisation",
        lambda w: f"/api/v1/volunteering/organisations/{w.organisation.pk}/passports/"
                  f"{shared_passport_for(w.organisation).pk}/",
        expect(NF, anonymous=DENIED, org_member=OK, org_admin=OK)),
    # volunteers: references and hours
    Row("your references", lambda w: "/api/v1/passport/references/", api_signed_in()),
    Row("references shared with the organisation",
        lambda w: f"/api/v1/volunteering/organisations/{w.organisation.pk}/passports/"
                  f"{shared_passport_for(w.organisation).pk}/references/",
        expect(NF, anonymous=DENIED, org_member=OK, org_admin=OK)),
    Row("your hours", lambda w: "/api/v1/passport/hours/", api_signed_in()),
    Row("hours to confirm", lambda w: f"/api/v1/volunteering/organisations/{w.organisation.pk}/hours/",
        expect(NF, anonymous=DENIED, org_member=OK, org_admin=OK)),
    # volunteers: needs, for charities' own systems
    Row("an organisation's needs", lambda w: f"/api/v1/volunteering/organisations/{w.organisation.pk}/needs/",
        expect(NF, anonymous=DENIED, org_member=OK, org_admin=OK)),
    *[Row(f"an organisation's need{suffix}",
          lambda w, suffix=suffix: f"/api/v1/volunteering/organisations/{w.organisation.pk}/needs/"
                                   f"{need_of(w.organisation).pk}/{suffix}",
          expect(NF, anonymous=DENIED, org_member=OK, org_admin=OK))
      for suffix in ("", "shifts/")],
    # volunteers: search
    Row("search needs", lambda w: "/api/v1/volunteering/needs/", public()),
    Row("a published need, publicly", lambda w: f"/api/v1/volunteering/needs/{search_need().pk}/", public()),
    Row("a draft need, publicly", lambda w: f"/api/v1/volunteering/needs/{search_need('draft').pk}/", expect(NF)),
    # volunteers: bookings
    Row("your bookings", lambda w: "/api/v1/volunteering/bookings/", api_signed_in()),
    Row("shift roster",
        lambda w: f"/api/v1/volunteering/organisations/{w.organisation.pk}/shifts/{shift_of(w.organisation).pk}/bookings/",
        expect(NF, anonymous=DENIED, org_member=OK, org_admin=OK)),
    # volunteers: issuing
    Row("a resident's issued credential: status",
        lambda w: f"/api/v1/volunteering/credentials/{issued_credential_of(w.people['resident']).pk}/status/",
        public()),
    # volunteers: open data
    Row("open-data feed of needs", lambda w: "/api/v1/volunteering/opendata/feed/", public()),
]

# Rows kept beside the parts they cover, so each part adds its own without touching this file.
for _module in ROW_MODULES:
    PAGES += _module.PAGES
    API += _module.API


@pytest.fixture
def world(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from covenant.audit.services import audit_record
    organisation = VerifiedOrganisationFactory()
    member = MembershipFactory(organisation=organisation, roles=["coordinator"])
    people = {
        "anonymous": None,
        "resident": UserFactory(),
        "org_member": member.user,
        "org_admin": MembershipFactory(organisation=organisation, roles=["admin"]).user,
        # Official roles, set up as they must be: with an authenticator app.
        "council_officer": MembershipFactory(organisation=LocalAuthorityFactory(), roles=["officer"],
                                             user=UserFactory(mfa=True)).user,
        "fund_administrator": MembershipFactory(organisation=VerifiedOrganisationFactory(),
                                                roles=["fund_administrator"], user=UserFactory(mfa=True)).user,
        "platform_staff": StaffUserFactory(mfa=True),
    }
    unverified = OrganisationFactory()
    MembershipFactory(organisation=unverified, roles=["admin"])
    resident = people["resident"]
    InvitationFactory(organisation=organisation, email=resident.email)
    notification = NotificationFactory(recipient=resident)
    return SimpleNamespace(
        people=people, organisation=organisation, unverified=unverified, member_membership=member,
        invitation_token=f"token-{resident.email}", notification=notification,
        audit_entry=audit_record(actor=None, action="matrix.example", target=organisation),
    )


def _cases(rows):
    return [pytest.param(row, role, id=f"{row.name} | {role}") for row in rows for role in ROLES]


def _check(response, expected, path):
    if expected == LOGIN:
        assert response.status_code == 302, f"{path}: {response.status_code}"
        assert response.url.startswith(reverse("account_login")), response.url
    else:
        assert response.status_code == expected, f"{path}: {response.status_code}"
        if expected == FOLLOWS:
            assert not response.url.startswith(reverse("account_login")), response.url


@pytest.mark.parametrize(("row", "role"), _cases(PAGES))
def test_pages(client, world, row, role):
    person = world.people[role]
    if person is not None:
        client.force_login(person)
    path = row.path(world)
    _check(client.get(path), row.statuses[role], path)


@pytest.mark.parametrize(("row", "role"), _cases(API))
def test_api(world, row, role):
    api = APIClient()
    person = world.people[role]
    if person is not None:
        api.force_authenticate(person)
    path = row.path(world)
    _check(api.get(path), row.statuses[role], path)


def test_every_row_names_every_role():
    for row in PAGES + API:
        assert set(row.statuses) == set(ROLES), row.name


def test_staff_without_mfa_are_sent_to_enrol_from_every_staff_page(client, world):
    client.force_login(StaffUserFactory())
    for row in PAGES:
        if row.statuses == staff_only():
            response = client.get(row.path(world))
            assert response.status_code == 302 and response.url == reverse("mfa_activate_totp"), row.name
