"""Services for needs: posting, checks, states and shifts, with their rules and audit entries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.organisations.models import Role
from tests.accounts.factories import UserFactory
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
)
from tests.volunteers.factories import (
    NeedFactory,
    PassportFactory,
    ShiftFactory,
    SkillFactory,
)
from volunteers.models import Booking, BookingStatus, LocationKind, Need, NeedStatus, Shift
from volunteers.services.needs import (
    TRANSITIONS,
    allowed_actions,
    need_close,
    need_create,
    need_pause,
    need_publish,
    need_reopen,
    need_set_checks,
    need_update,
    shift_add,
    shift_remove,
    shift_update,
    shifts_add_recurring,
    shifts_import_csv,
)

from .helpers import coordinator_of, known_postcode

pytestmark = pytest.mark.django_db


def _details(**overrides):
    return {"title": "Food bank helper", "description": "Pack food parcels", "activity_type": "practical",
            "location_kind": LocationKind.POSTCODE, "postcode": "sr11ad", **overrides}


def _future(days=7, hour=9):
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=days),
                                                         datetime.time(hour)))


class TestNeedCreate:
    def test_coordinator_posts_a_draft_geocoded_need(self):
        known_postcode()
        actor = coordinator_of()
        skill = SkillFactory()
        need = need_create(actor=actor, organisation=actor.memberships.get().organisation, skills=[skill],
                           checks=[{"kind": "dbs", "dbs_level": "enhanced_barred", "dbs_barred_lists": "adults"}],
                           **_details())
        assert need.status == NeedStatus.DRAFT
        assert need.postcode == "SR1 1AD"
        assert (need.latitude, need.longitude) == (54.9061, -1.3811)
        assert list(need.skills.all()) == [skill]
        assert need.checks.get().dbs_barred_lists == "adults"
        entry = AuditEntry.objects.get(action="volunteers.need_created")
        assert entry.actor == actor and entry.metadata["skills"] == [skill.slug]

    def test_admin_may_post_too(self):
        known_postcode()
        actor = coordinator_of(role=Role.ADMIN)
        assert need_create(actor=actor, organisation=actor.memberships.get().organisation, **_details()).pk

    def test_remote_need_has_no_place(self):
        actor = coordinator_of()
        need = need_create(actor=actor, organisation=actor.memberships.get().organisation,
                           **_details(location_kind=LocationKind.REMOTE, postcode="SR1 1AD", address="1 High St"))
        assert (need.postcode, need.address, need.latitude, need.longitude) == ("", "", None, None)

    def test_unknown_postcode_is_a_specific_error(self):
        actor = coordinator_of()
        with pytest.raises(ValidationError) as error:
            need_create(actor=actor, organisation=actor.memberships.get().organisation,
                        **_details(postcode="SW1A 2AB"))
        assert error.value.message_dict["postcode"] == [
            "We cannot find that postcode. Check it and enter it again, like SW1A 1AA"]
        assert not Need.objects.exists()

    def test_malformed_postcode_and_missing_fields_reported_together(self):
        actor = coordinator_of()
        with pytest.raises(ValidationError) as error:
            need_create(actor=actor, organisation=actor.memberships.get().organisation,
                        **_details(title=" ", activity_type="juggling", postcode="not a postcode"))
        assert set(error.value.message_dict) == {"title", "activity_type", "postcode"}

    def test_address_needs_an_address(self):
        known_postcode()
        actor = coordinator_of()
        with pytest.raises(ValidationError) as error:
            need_create(actor=actor, organisation=actor.memberships.get().organisation,
                        **_details(location_kind=LocationKind.ADDRESS))
        assert error.value.message_dict["address"] == ["Enter the address where volunteers will help"]

    def test_inactive_skill_is_unknown(self):
        known_postcode()
        actor = coordinator_of()
        skill = SkillFactory(active=False, name="Retired skill")
        with pytest.raises(ValidationError) as error:
            need_create(actor=actor, organisation=actor.memberships.get().organisation, skills=[skill], **_details())
        assert "Retired skill" in error.value.message_dict["skills"][0]

    @pytest.mark.parametrize("check, message", [
        ({"kind": "passport"}, "Check 1: select the kind of check"),
        ({"kind": "dbs"}, "Check 1: select the level of DBS check"),
        ({"kind": "dbs", "dbs_level": "basic", "dbs_barred_lists": "adults"},
         "Check 1: barred lists can only be checked with an enhanced DBS check with barred list check"),
        ({"kind": "training"}, "Check 1: enter the name of the training, like Safeguarding adults"),
        ({"kind": "qualification", "qualification_type": "juggling"}, "Check 1: select the type of qualification"),
    ])
    def test_bad_checks(self, check, message):
        known_postcode()
        actor = coordinator_of()
        with pytest.raises(ValidationError) as error:
            need_create(actor=actor, organisation=actor.memberships.get().organisation, checks=[check], **_details())
        assert message in error.value.message_dict["checks"]
        assert not Need.objects.exists()

    @pytest.mark.parametrize("who", ["stranger", "verifier", "unverified_coordinator"])
    def test_who_may_not(self, who):
        known_postcode()
        organisation = VerifiedOrganisationFactory()
        if who == "stranger":
            actor = UserFactory()
        elif who == "verifier":
            actor = MembershipFactory(organisation=organisation, roles=[Role.VERIFIER]).user
        else:
            organisation = OrganisationFactory()
            actor = MembershipFactory(organisation=organisation).user
        with pytest.raises(PermissionDenied):
            need_create(actor=actor, organisation=organisation, **_details())


class TestNeedUpdate:
    def test_changes_are_audited_and_postcode_regeocoded(self):
        known_postcode("SW1A 1AA", 51.501, -0.1416)
        need = NeedFactory(status=NeedStatus.DRAFT)
        actor = coordinator_of(need.organisation)
        need_update(actor=actor, need=need, title="New title", postcode="SW1A 1AA")
        need.refresh_from_db()
        assert (need.title, need.latitude) == ("New title", 51.501)
        entry = AuditEntry.objects.get(action="volunteers.need_updated")
        assert entry.changes["title"][1] == "New title"

    def test_set_checks_replaces_them(self):
        need = NeedFactory()
        actor = coordinator_of(need.organisation)
        need_set_checks(actor=actor, need=need, checks=[{"kind": "identity"}])
        need_set_checks(actor=actor, need=need, checks=[{"kind": "training", "title": "Food hygiene"}])
        assert [check.title for check in need.checks.all()] == ["Food hygiene"]
        assert AuditEntry.objects.filter(action="volunteers.need_checks_set").count() == 2

    def test_other_organisation_may_not(self):
        need = NeedFactory()
        with pytest.raises(PermissionDenied):
            need_update(actor=coordinator_of(), need=need, title="Taken over")


class TestStates:
    def test_transitions_table(self):
        assert TRANSITIONS["publish"][1] == NeedStatus.PUBLISHED
        assert allowed_actions(Need(status=NeedStatus.DRAFT)) == ["publish", "close"]
        assert allowed_actions(Need(status=NeedStatus.PUBLISHED)) == ["pause", "close"]
        assert allowed_actions(Need(status=NeedStatus.PAUSED)) == ["publish", "close"]
        assert allowed_actions(Need(status=NeedStatus.FULL)) == ["pause", "close"]
        assert allowed_actions(Need(status=NeedStatus.CLOSED)) == ["reopen"]

    def test_publish_pause_close_reopen(self):
        need = NeedFactory(status=NeedStatus.DRAFT, published_at=None)
        ShiftFactory(need=need)
        actor = coordinator_of(need.organisation)
        assert need_publish(actor=actor, need=need).status == NeedStatus.PUBLISHED
        assert need_pause(actor=actor, need=need).status == NeedStatus.PAUSED
        assert need_publish(actor=actor, need=need).status == NeedStatus.PUBLISHED
        assert need_close(actor=actor, need=need).status == NeedStatus.CLOSED
        assert need_reopen(actor=actor, need=need).status == NeedStatus.DRAFT
        need.refresh_from_db()
        assert need.published_at is not None
        assert AuditEntry.objects.filter(action__startswith="volunteers.need_").count() == 5

    def test_publish_needs_a_future_shift(self):
        need = NeedFactory(status=NeedStatus.DRAFT)
        with pytest.raises(ValidationError, match="Add at least one shift in the future"):
            need_publish(actor=coordinator_of(need.organisation), need=need)

    @pytest.mark.parametrize("status, action", [
        (NeedStatus.DRAFT, need_pause), (NeedStatus.CLOSED, need_publish), (NeedStatus.CLOSED, need_close),
        (NeedStatus.PUBLISHED, need_reopen), (NeedStatus.PUBLISHED, need_publish),
    ])
    def test_not_allowed(self, status, action):
        need = NeedFactory(status=status)
        ShiftFactory(need=need)
        with pytest.raises(ValidationError, match="You cannot"):
            action(actor=coordinator_of(need.organisation), need=need)
        need.refresh_from_db()
        assert need.status == status


class TestShifts:
    def test_add(self):
        need = NeedFactory()
        actor = coordinator_of(need.organisation)
        shift = shift_add(actor=actor, need=need, starts_at=_future(), ends_at=_future(hour=12), places=4)
        assert shift.places == 4
        assert AuditEntry.objects.filter(action="volunteers.shift_added").exists()

    @pytest.mark.parametrize("starts, ends, places, field, message", [
        (_future(hour=12), _future(hour=9), 4, "ends_at", "The end must be after the start"),
        (timezone.now() - datetime.timedelta(hours=1), timezone.now() + datetime.timedelta(hours=1), 4,
         "starts_at", "The start must be in the future"),
        (_future(hour=9), _future(hour=12), -1, "places", "Places must be between 1 and 1,000"),
        (_future(hour=9), _future(hour=12), 0, "places", "Places must be between 1 and 1,000"),
        (_future(hour=9), _future(hour=12), 1001, "places", "Places must be between 1 and 1,000"),
        (_future(hour=9), _future(days=9), 4, "ends_at", "A shift must be 24 hours or shorter. Add one shift for each day"),
    ])
    def test_bad_shift(self, starts, ends, places, field, message):
        need = NeedFactory()
        with pytest.raises(ValidationError) as error:
            shift_add(actor=coordinator_of(need.organisation), need=need, starts_at=starts, ends_at=ends, places=places)
        assert error.value.message_dict[field] == [message]
        assert not Shift.objects.exists()

    def test_update_cannot_go_below_booked(self):
        shift = ShiftFactory(places=3)
        for _ in range(2):
            Booking.objects.create(shift=shift, passport=PassportFactory(), status=BookingStatus.ACCEPTED)
        actor = coordinator_of(shift.need.organisation)
        with pytest.raises(ValidationError) as error:
            shift_update(actor=actor, shift=shift, places=1)
        assert "Places must be 2 or more" in error.value.message_dict["places"][0]
        assert shift_update(actor=actor, shift=shift, places=2).places == 2

    def test_remove(self):
        shift = ShiftFactory()
        shift_remove(actor=coordinator_of(shift.need.organisation), shift=shift)
        assert not Shift.objects.exists()
        assert AuditEntry.objects.filter(action="volunteers.shift_removed").exists()

    def test_remove_refused_with_bookings(self):
        shift = ShiftFactory()
        Booking.objects.create(shift=shift, passport=PassportFactory(), status=BookingStatus.APPLIED)
        with pytest.raises(ValidationError, match="Cancel their bookings"):
            shift_remove(actor=coordinator_of(shift.need.organisation), shift=shift)

    def test_closed_need_shifts_frozen(self):
        need = NeedFactory(status=NeedStatus.CLOSED)
        with pytest.raises(ValidationError, match="Reopen the need"):
            shift_add(actor=coordinator_of(need.organisation), need=need, starts_at=_future(),
                      ends_at=_future(hour=12), places=1)

    def test_recurring_weekly(self):
        need = NeedFactory()
        shifts = shifts_add_recurring(actor=coordinator_of(need.organisation), need=need, starts_at=_future(),
                                      ends_at=_future(hour=12), places=2, weeks=30)
        assert len(shifts) == 30
        # Same local time every week, across the clocks changing.
        assert {timezone.localtime(shift.starts_at).hour for shift in shifts} == {9}
        assert {timezone.localtime(shift.starts_at).weekday() for shift in shifts} == {_future().weekday()}

    @pytest.mark.parametrize("weeks", [0, 53, "3"])
    def test_recurring_bad_weeks(self, weeks):
        need = NeedFactory()
        with pytest.raises(ValidationError) as error:
            shifts_add_recurring(actor=coordinator_of(need.organisation), need=need, starts_at=_future(),
                                 ends_at=_future(hour=12), places=2, weeks=weeks)
        assert error.value.message_dict["weeks"] == ["Number of weeks must be between 1 and 52"]


class TestCsvImport:
    def _need(self):
        need = NeedFactory()
        return need, coordinator_of(need.organisation)

    def test_imports_all_lines(self):
        need, actor = self._need()
        year = timezone.localdate().year + 1
        content = f"start,end,places\n{year}-12-01 09:00,{year}-12-01 13:00,4\n{year}-12-02 09:00,{year}-12-02 13:00,2\n"
        shifts = shifts_import_csv(actor=actor, need=need, content=content.encode())
        assert [shift.places for shift in shifts] == [4, 2]
        assert timezone.localtime(shifts[0].starts_at).hour == 9
        assert AuditEntry.objects.get(action="volunteers.shifts_added").metadata == {"count": 2}

    def test_byte_order_mark_and_column_order(self):
        need, actor = self._need()
        year = timezone.localdate().year + 1
        content = f"Places, End ,Start\r\n3,{year}-12-01 13:00,{year}-12-01 09:00\r\n"
        assert len(shifts_import_csv(actor=actor, need=need, content=("\ufeff" + content).encode())) == 1

    def test_bad_lines_are_numbered_and_nothing_is_saved(self):
        need, actor = self._need()
        year = timezone.localdate().year + 1
        content = (f"start,end,places\n{year}-12-01 09:00,{year}-12-01 13:00,4\n"
                   f"{year}-12-02 13:00,{year}-12-02 09:00,2\n"
                   f"01/12/{year},{year}-12-03 09:00,x\n"
                   "2020-01-01 09:00,2020-01-01 10:00,-3\n")
        with pytest.raises(ValidationError) as error:
            shifts_import_csv(actor=actor, need=need, content=content.encode())
        messages = error.value.messages
        assert "Line 3: The end must be after the start" in messages
        assert f"Line 4: start must be a date and time like 2026-12-01 09:00, not “01/12/{year}”" in messages
        assert "Line 4: places must be a whole number, like 4, not “x”" in messages
        assert "Line 5: The start must be in the future" in messages
        assert "Line 5: Places must be between 1 and 1,000" in messages
        assert not Shift.objects.exists()

    @pytest.mark.parametrize("header, message", [
        ("start,finish,places", "The first line must name the columns start, end, places (missing end; not expected finish)"),
        ("start,end", "The first line must name the columns start, end, places (missing places)"),
        ("start,end,places,places", "The first line must name the columns start, end, places (repeated places)"),
    ])
    def test_wrong_columns_are_named(self, header, message):
        need, actor = self._need()
        with pytest.raises(ValidationError) as error:
            shifts_import_csv(actor=actor, need=need, content=f"{header}\n".encode())
        assert error.value.messages == [message]

    def test_wrong_encoding(self):
        need, actor = self._need()
        with pytest.raises(ValidationError, match="saved as UTF-8"):
            shifts_import_csv(actor=actor, need=need, content="start,end,places\nCafé,x,1\n".encode("utf-16"))

    def test_empty_and_ragged(self):
        need, actor = self._need()
        with pytest.raises(ValidationError, match="The file is empty"):
            shifts_import_csv(actor=actor, need=need, content=b"")
        with pytest.raises(ValidationError, match="The file has no shifts"):
            shifts_import_csv(actor=actor, need=need, content=b"start,end,places\n")
        with pytest.raises(ValidationError, match="Line 2: expected 3 values, found 2"):
            shifts_import_csv(actor=actor, need=need, content=b"start,end,places\n2030-01-01 09:00,3\n")

    def test_other_organisation_may_not(self):
        need = NeedFactory()
        with pytest.raises(PermissionDenied):
            shifts_import_csv(actor=coordinator_of(), need=need, content=b"start,end,places\n")
