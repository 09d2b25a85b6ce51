"""Consent changes: sharing, changing and revoking, with their errors, audit entries and notices."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Notification
from tests.organisations.factories import OrganisationFactory
from tests.volunteers.factories import PassportFactory
from volunteers.models import Section
from volunteers.selectors.sharing import passports_shared_with, shared_sections
from volunteers.services.sharing import share_create, share_revoke, share_update

from .helpers import charity, in_days, member, share

pytestmark = pytest.mark.django_db


def _create(passport, organisation, **overrides):
    values = {"sections": [Section.PROFILE, Section.DBS], "expires_on": in_days(90)}
    values.update(overrides)
    return share_create(actor=passport.holder, passport=passport, organisation=organisation, **values)


def test_sharing_gives_the_organisation_those_sections_and_is_audited(django_capture_on_commit_callbacks):
    passport, organisation = PassportFactory(), charity()
    admin, coordinator = member(organisation, "admin"), member(organisation, "coordinator")
    finance = member(organisation, "finance")
    with django_capture_on_commit_callbacks(execute=True):
        created = _create(passport, organisation, sections=["dbs", "profile"])
    assert created.sections == ["profile", "dbs"]
    assert shared_sections(organisation=organisation, passport=passport) == {"profile", "dbs"}
    assert list(passports_shared_with(organisation)) == [passport]
    entry = AuditEntry.objects.get(action="volunteers.share_created")
    assert entry.actor == passport.holder and entry.changes["sections"] == [[], ["profile", "dbs"]]
    told = set(Notification.objects.filter(event="volunteers.share_started").values_list("recipient", flat=True))
    assert told == {admin.pk, coordinator.pk}
    assert finance.pk not in told


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"sections": []}, "sections", "Select at least one part"),
        ({"sections": ["profile", "bank_details"]}, "sections", "bank_details is not one of them"),
        ({"expires_on": None}, "expires_on", "Enter the date sharing should end"),
        ({"expires_on": "2030-01-01"}, "expires_on", "Enter the date sharing should end"),
        ({"expires_on": timezone.localdate()}, "expires_on", "must be in the future"),
        ({"expires_on": in_days(-3)}, "expires_on", "must be in the future"),
        ({"expires_on": in_days(800)}, "expires_on", "no later than"),
    ],
)
def test_bad_input_is_refused_with_a_specific_message_and_changes_nothing(overrides, field, fragment):
    passport, organisation = PassportFactory(), charity()
    with pytest.raises(ValidationError) as caught:
        _create(passport, organisation, **overrides)
    assert any(fragment in message for message in caught.value.message_dict[field])
    assert not passport.shares.exists()
    assert not AuditEntry.objects.filter(action__startswith="volunteers.share").exists()


def test_an_unverified_organisation_cannot_be_shared_with():
    passport, organisation = PassportFactory(), OrganisationFactory(name="Pop-up Pantry")
    with pytest.raises(ValidationError) as caught:
        _create(passport, organisation)
    assert caught.value.message_dict["organisation"] == [
        "Pop-up Pantry has not been verified yet, so you cannot share your passport with it. "
        "Choose a verified organisation"]
    assert not passport.shares.exists()


def test_sharing_twice_with_one_organisation_asks_to_change_the_first_share():
    passport, organisation = PassportFactory(), charity()
    _create(passport, organisation)
    with pytest.raises(ValidationError) as caught:
        _create(passport, organisation)
    assert "Change that share instead" in caught.value.message_dict["organisation"][0]
    assert passport.shares.count() == 1


def test_only_the_holder_can_share_a_passport():
    passport, organisation = PassportFactory(), charity()
    with pytest.raises(ValidationError):
        share_create(actor=PassportFactory().holder, passport=passport, organisation=organisation,
                     sections=["profile"], expires_on=in_days(10))
    assert not passport.shares.exists()


def test_changing_a_share_records_what_changed():
    passport, organisation = PassportFactory(), charity()
    current = _create(passport, organisation)
    share_update(actor=passport.holder, share=current, sections=["history"], expires_on=in_days(10))
    assert shared_sections(organisation=organisation, passport=passport) == {"history"}
    entry = AuditEntry.objects.get(action="volunteers.share_changed")
    assert entry.changes["sections"] == [["profile", "dbs"], ["history"]]
    assert entry.changes["expires_on"][1] == in_days(10).isoformat()


def test_changing_with_bad_values_changes_nothing():
    passport, organisation = PassportFactory(), charity()
    current = _create(passport, organisation)
    with pytest.raises(ValidationError):
        share_update(actor=passport.holder, share=current, sections=["history"], expires_on=in_days(-1))
    current.refresh_from_db()
    assert current.sections == ["profile", "dbs"]


def test_someone_else_cannot_change_or_revoke_a_share():
    passport, organisation = PassportFactory(), charity()
    current = _create(passport, organisation)
    stranger = PassportFactory().holder
    with pytest.raises(ValidationError):
        share_update(actor=stranger, share=current, sections=["history"])
    with pytest.raises(ValidationError):
        share_revoke(actor=stranger, share=current)
    assert shared_sections(organisation=organisation, passport=passport) == {"profile", "dbs"}


def test_revoking_ends_sight_at_once_and_tells_the_organisation(django_capture_on_commit_callbacks):
    passport, organisation = PassportFactory(), charity()
    admin = member(organisation, "admin")
    current = _create(passport, organisation)
    with django_capture_on_commit_callbacks(execute=True):
        share_revoke(actor=passport.holder, share=current)
    assert shared_sections(organisation=organisation, passport=passport) == frozenset()
    assert not passports_shared_with(organisation).exists()
    assert Notification.objects.filter(event="volunteers.share_ended", recipient=admin).exists()
    assert AuditEntry.objects.filter(action="volunteers.share_revoked", actor=passport.holder).exists()
    with pytest.raises(ValidationError):
        share_revoke(actor=passport.holder, share=current)


def test_a_share_ends_by_itself_after_its_last_day():
    passport, organisation = PassportFactory(), charity()
    share(passport, organisation, ["profile"], days=5)
    assert shared_sections(organisation=organisation, passport=passport, on=in_days(5)) == {"profile"}
    assert shared_sections(organisation=organisation, passport=passport, on=in_days(6)) == frozenset()
    assert not passports_shared_with(organisation, on=in_days(6)).exists()


def test_an_organisation_losing_its_verification_loses_sight():
    passport, organisation = PassportFactory(), charity()
    share(passport, organisation, ["profile"])
    organisation.verification_status = "suspended"
    organisation.save()
    assert shared_sections(organisation=organisation, passport=passport) == frozenset()


def test_the_latest_end_date_is_two_years_away():
    passport, organisation = PassportFactory(), charity()
    today = timezone.localdate()
    two_years = today.replace(year=today.year + 2) if not (today.month == 2 and today.day == 29) \
        else datetime.date(today.year + 2, 2, 28)
    assert _create(passport, organisation, expires_on=two_years).expires_on == two_years
