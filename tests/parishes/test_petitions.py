"""Publishing a petition, signing and withdrawing, the threshold making it valid, and a council declining it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from parishes.models import FoundingMember, ProposalStatus, Signature
from parishes.services import (
    add_months,
    petition_decline_recent_review,
    petition_sign,
    petition_withdraw,
    proposal_publish,
)
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory
from tests.places.factories import PostcodeFactory

from .factories import ProposalFactory, neighbourhood, shifted, standard_power

pytestmark = pytest.mark.django_db


def errors(caught) -> dict:
    return caught.value.message_dict


class TestPublish:
    def test_opens_the_petition_records_councils_and_tells_proposers(self, hood, ready_draft):
        hood.electors(600)
        proposal = proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)
        assert proposal.status == ProposalStatus.PUBLISHED
        assert proposal.published_at is not None
        assert list(proposal.covering_authorities.all()) == [hood.local_authority]
        entry = AuditEntry.objects.get(action="parishes.proposal_published")
        assert entry.actor == ready_draft.created_by
        assert entry.metadata["electors"] == 600
        body = Delivery.objects.get(recipient=ready_draft.created_by, event="parishes.petition_opened",
                                    channel="email").body
        assert "needs 187 signatures from 600 electors" in body

    def test_an_incomplete_draft_is_told_everything_missing(self, hood):
        draft = ProposalFactory(created_by=hood.resident(), area=None, sunset_on=None)
        with pytest.raises(ValidationError) as caught:
            proposal_publish(actor=draft.created_by, proposal=draft)
        assert errors(caught) == {
            "area": ["Draw the area on the map, or choose the postcodes it covers"],
            "sunset_on": ["Enter the sunset date, when the parish's powers end"],
            "powers": ["Choose at least one power or freedom the parish asks for"],
        }
        draft.refresh_from_db()
        assert draft.status == ProposalStatus.DRAFT
        assert not AuditEntry.objects.filter(action="parishes.proposal_published").exists()

    def test_21_founding_members_must_live_in_the_area(self, hood, ready_draft):
        FoundingMember.objects.filter(proposal=ready_draft).exclude(user=ready_draft.created_by).first().delete()
        FoundingMember.objects.create(proposal=ready_draft, user=hood.outsider())
        FoundingMember.objects.create(proposal=ready_draft, user=UserFactory(postcode=""))
        FoundingMember.objects.create(proposal=ready_draft, user=UserFactory(postcode="NOT A PC"))
        with pytest.raises(ValidationError) as caught:
            proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)
        assert errors(caught) == {"founding_members": [
            "The founding group needs at least 21 residents of the area; 20 of its 23 members live inside it. "
            "Invite more residents, or check the area"]}
        FoundingMember.objects.create(proposal=ready_draft, user=hood.resident())
        proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)

    def test_sunset_checked_again_at_publishing(self, ready_draft):
        ready_draft.sunset_on = timezone.localdate() + datetime.timedelta(days=30)
        ready_draft.save()
        with pytest.raises(ValidationError) as caught:
            proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)
        assert list(errors(caught)) == ["sunset_on"]

    def test_a_power_without_justification(self, ready_draft):
        ready_draft.requested_powers.update(justification=" ")
        with pytest.raises(ValidationError) as caught:
            proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)
        assert errors(caught) == {"powers": ["Say why the parish needs Look after green spaces"]}

    def test_refused_over_an_active_parish_with_the_same_power_naming_it(self, hood, ready_draft):
        ProposalFactory(name="Old Hendon", status=ProposalStatus.APPROVED, area=shifted(dx=0.01),
                        min_longitude=-1.38, max_longitude=-1.36, powers=[standard_power()])
        with pytest.raises(ValidationError) as caught:
            proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)
        assert errors(caught) == {"area": [
            "The area overlaps Old Hendon, an active pop-up parish with some of the same powers. "
            "Change the area or the powers"]}

    def test_refused_when_one_power_was_granted_though_another_was_not(self, hood, ready_draft):
        parish = ProposalFactory(name="Old Hendon", status=ProposalStatus.APPROVED_WITH_CONDITIONS,
                                 powers=[standard_power(), standard_power("events-and-markets")])
        parish.requested_powers.filter(power__slug="events-and-markets").update(granted=False)
        parish.requested_powers.filter(power__slug="green-spaces").update(granted=True)
        ready_draft.requested_powers.create(power=standard_power("events-and-markets"), justification="Fairs")
        with pytest.raises(ValidationError) as caught:
            proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)
        assert "overlaps Old Hendon" in errors(caught)["area"][0]

    @pytest.mark.parametrize("other", [
        {"status": ProposalStatus.APPROVED, "powers": "events-and-markets"},  # other powers
        {"status": ProposalStatus.APPROVED, "dx": 0.02},  # touching, not overlapping
        {"status": ProposalStatus.PUBLISHED},  # not active yet
        {"status": ProposalStatus.APPROVED, "sunset_days": -1},  # its powers have expired
        {"status": ProposalStatus.APPROVED_WITH_CONDITIONS, "granted": False},  # the power was not granted
    ])
    def test_no_conflict(self, hood, ready_draft, other):
        dx = other.get("dx", 0.01)
        parish = ProposalFactory(
            status=other["status"], area=shifted(dx=dx), min_longitude=-1.39 + dx, max_longitude=-1.37 + dx,
            powers=[standard_power(other.get("powers", "green-spaces"))],
            sunset_on=timezone.localdate() + datetime.timedelta(days=other.get("sunset_days", 100)),
        )
        if "granted" in other:
            parish.requested_powers.update(granted=other["granted"])
        proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)

    def test_who_may_not(self, hood, ready_draft):
        for actor in (UserFactory(), hood.officer, hood.resident()):
            with pytest.raises(PermissionDenied):
                proposal_publish(actor=actor, proposal=ready_draft)
        proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)
        with pytest.raises(PermissionDenied):
            proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)


@pytest.fixture
def petition(hood, ready_draft):
    return proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)


class TestSign:
    def test_a_resident_signs_once(self, hood, petition):
        hood.electors(1000)
        signer = hood.resident()
        signature = petition_sign(actor=signer, proposal=petition)
        assert signature.postcode == "SR2 8AA"
        with pytest.raises(ValidationError) as caught:
            petition_sign(actor=signer, proposal=petition)
        assert caught.value.messages == ["You have already signed this petition"]
        assert Signature.objects.filter(proposal=petition).count() == 1
        assert AuditEntry.objects.filter(action="parishes.petition_signed", actor=signer).count() == 1

    def test_from_outside_the_area(self, hood, petition):
        with pytest.raises(ValidationError) as caught:
            petition_sign(actor=hood.outsider(), proposal=petition)
        assert errors(caught)["postcode"] == [
            f"Only residents of the area can sign. Your postcode SR5 1AA is outside the area of {petition.name}"]
        assert not Signature.objects.exists()

    @pytest.mark.parametrize(("postcode", "message"), [
        ("", "Add your postcode to your profile to sign this petition"),
        ("XX", "The postcode in your profile is not a real postcode. Correct it, like SW1A 1AA, to sign this petition"),
        ("SR9 9ZZ", "We cannot find the postcode in your profile. Check it and correct it to sign this petition"),
    ])
    def test_without_a_known_postcode(self, petition, postcode, message):
        with pytest.raises(ValidationError) as caught:
            petition_sign(actor=UserFactory(postcode=postcode), proposal=petition)
        assert errors(caught)["postcode"] == [message]

    def test_a_terminated_postcode(self, petition):
        PostcodeFactory(postcode="SR2 9ZZ", latitude=54.905, longitude=-1.38, terminated_on=datetime.date(2020, 1, 1))
        with pytest.raises(ValidationError):
            petition_sign(actor=UserFactory(postcode="SR2 9ZZ"), proposal=petition)

    def test_who_may_not(self, hood, petition, ready_draft):
        with pytest.raises(PermissionDenied):
            petition_sign(actor=hood.resident(verified=False), proposal=petition)
        with pytest.raises(PermissionDenied):
            petition_sign(actor=None, proposal=petition)
        draft = ProposalFactory(created_by=hood.resident())
        with pytest.raises(PermissionDenied):
            petition_sign(actor=hood.resident(), proposal=draft)

    def test_withdraw_keeps_the_row_and_allows_signing_again(self, hood, petition):
        hood.electors(1000)
        signer = hood.resident()
        first = petition_sign(actor=signer, proposal=petition)
        withdrawn = petition_withdraw(actor=signer, proposal=petition)
        assert withdrawn.pk == first.pk and withdrawn.withdrawn_at is not None
        with pytest.raises(ValidationError) as caught:
            petition_withdraw(actor=signer, proposal=petition)
        assert caught.value.messages == ["You have not signed this petition"]
        petition_sign(actor=signer, proposal=petition)
        assert Signature.objects.filter(proposal=petition, signer=signer).count() == 2
        assert Signature.objects.active().filter(proposal=petition).count() == 1
        assert AuditEntry.objects.filter(action="parishes.petition_withdrawn").count() == 1


def sign_up_to(hood, petition, count: int):
    for _ in range(count):
        petition_sign(actor=hood.resident(), proposal=petition)
    petition.refresh_from_db()
    return petition


class TestValidity:
    @pytest.mark.parametrize(("electors", "threshold"), [(8, 3), (20, 8)])
    def test_the_signature_that_reaches_the_threshold_makes_it_valid(self, hood, petition, electors, threshold):
        hood.electors(electors)
        sign_up_to(hood, petition, threshold - 1)
        assert petition.status == ProposalStatus.PUBLISHED
        officer = hood.officer
        sign_up_to(hood, petition, 1)
        assert petition.status == ProposalStatus.VALID
        assert petition.valid_at is not None
        assert petition.review_deadline == add_months(timezone.localdate(), 12)
        assert (petition.electors_at_validity, petition.threshold_at_validity) == (electors, threshold)
        assert list(petition.covering_authorities.all()) == [hood.local_authority]
        entry = AuditEntry.objects.get(action="parishes.petition_valid")
        assert entry.metadata["signatures"] == threshold
        assert entry.changes == {"status": ["published", "valid"]}
        assert Delivery.objects.filter(event="parishes.petition_valid", recipient=petition.created_by).exists()
        assert Delivery.objects.filter(event="parishes.petition_received", recipient=officer).exists()
        # Signing closes once the petition is valid.
        with pytest.raises(PermissionDenied):
            petition_sign(actor=hood.resident(), proposal=petition)

    def test_withdrawn_signatures_do_not_count(self, hood, petition):
        hood.electors(8)  # threshold 3
        first, second = hood.resident(), hood.resident()
        petition_sign(actor=first, proposal=petition)
        petition_sign(actor=second, proposal=petition)
        petition_withdraw(actor=second, proposal=petition)
        sign_up_to(hood, petition, 1)
        assert petition.status == ProposalStatus.PUBLISHED
        sign_up_to(hood, petition, 1)
        assert petition.status == ProposalStatus.VALID

    def test_never_valid_without_electorate_figures(self, hood, petition):
        sign_up_to(hood, petition, 5)
        assert petition.status == ProposalStatus.PUBLISHED

    def test_figures_entered_after_the_signatures_make_it_valid(self, hood, petition):
        from parishes.services import electorate_record

        sign_up_to(hood, petition, 3)
        electorate_record(actor=hood.officer, local_authority=hood.local_authority, ward=hood.ward, electors=20,
                          as_of=timezone.localdate())
        petition.refresh_from_db()
        assert petition.status == ProposalStatus.PUBLISHED  # 3 of the 8 that 20 electors need
        electorate_record(actor=hood.officer, local_authority=hood.local_authority, ward=hood.ward, electors=8,
                          as_of=timezone.localdate())
        petition.refresh_from_db()
        assert petition.status == ProposalStatus.VALID
        assert AuditEntry.objects.get(action="parishes.petition_valid").actor == hood.officer

    def test_signing_twice_is_said_before_where_the_signer_lives(self, hood, petition):
        signer = hood.resident()
        petition_sign(actor=signer, proposal=petition)
        signer.postcode = hood.outside.postcode
        signer.save()
        with pytest.raises(ValidationError) as caught:
            petition_sign(actor=signer, proposal=petition)
        assert caught.value.messages == ["You have already signed this petition"]

    def test_electors_counted_from_the_latest_ward_figure_else_the_lsoa(self, hood, petition):
        from parishes.models import Electorate
        from parishes.selectors import electors_in_area, proposal_area

        area = proposal_area(petition)
        Electorate.objects.create(lsoa=hood.lsoa, electors=40, as_of=datetime.date(2025, 1, 1))
        assert electors_in_area(area) == 40
        hood.electors(700, as_of=datetime.date(2024, 1, 1))
        hood.electors(650, as_of=datetime.date(2025, 6, 1))
        assert electors_in_area(area) == 650  # the ward's newest figure, its LSOA not counted twice
        # A ward outside the area does not count.
        Electorate.objects.create(ward=hood.outside.ward, electors=5000, as_of=datetime.date(2025, 6, 1))
        assert electors_in_area(area) == 650


class TestDecline:
    @pytest.fixture
    def valid(self, hood, petition):
        hood.electors(8)
        return sign_up_to(hood, petition, 3)

    def test_a_covering_officer_declines_for_a_recent_review(self, hood, valid):
        reviewed_on = add_months(timezone.localdate(), -18)
        proposal = petition_decline_recent_review(actor=hood.officer, proposal=valid, reviewed_on=reviewed_on,
                                                  reason="We reviewed Hendon's governance last year.")
        assert proposal.status == ProposalStatus.DECLINED
        assert proposal.declined_by == hood.officer
        entry = AuditEntry.objects.get(action="parishes.petition_declined")
        assert entry.metadata["local_authority"] == "E08000024"
        body = Delivery.objects.get(event="parishes.petition_declined", recipient=valid.created_by,
                                    channel="email").body
        assert "Sunderland has declined" in body and "We reviewed Hendon" in body

    @pytest.mark.parametrize(("months", "reason", "field"), [
        (-25, "Reviewed", "reviewed_on"),  # longer ago than 2 years
        (1, "Reviewed", "reviewed_on"),  # in the future
        (-6, "  ", "reason"),
    ])
    def test_bad_input_saves_nothing(self, hood, valid, months, reason, field):
        with pytest.raises(ValidationError) as caught:
            petition_decline_recent_review(actor=hood.officer, proposal=valid,
                                           reviewed_on=add_months(timezone.localdate(), months), reason=reason)
        assert list(errors(caught)) == [field]
        valid.refresh_from_db()
        assert valid.status == ProposalStatus.VALID

    def test_exactly_two_years_ago_is_recent(self, hood, valid):
        petition_decline_recent_review(actor=hood.officer, proposal=valid,
                                       reviewed_on=add_months(timezone.localdate(), -24), reason="Reviewed")

    def test_who_may_not(self, hood, valid, petition):
        elsewhere = neighbourhood(code="E06000047", name="County Durham", inside="DH1 1AA", outside="DH1 1AB")
        not_an_officer = MembershipFactory(organisation=hood.council, roles=["admin"]).user
        for actor in (elsewhere.officer, not_an_officer, valid.created_by, hood.resident()):
            with pytest.raises(PermissionDenied):
                petition_decline_recent_review(actor=actor, proposal=valid, reviewed_on=timezone.localdate(),
                                               reason="Reviewed")
        open_petition = ProposalFactory(status=ProposalStatus.PUBLISHED)
        open_petition.covering_authorities.add(hood.local_authority)
        with pytest.raises(PermissionDenied):
            petition_decline_recent_review(actor=hood.officer, proposal=open_petition,
                                           reviewed_on=timezone.localdate(), reason="Reviewed")
