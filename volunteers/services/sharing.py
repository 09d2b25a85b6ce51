"""Consent changes (share, change, revoke) and the access log every view of someone else's passport writes to."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import notify
from covenant.organisations.models import Organisation, Role
from covenant.organisations.selectors import people_with_roles

from ..models import Passport, PassportView, Section, Share
from ..selectors.sharing import active_shares

CHANNELS = frozenset({"page", "api"})
MAX_SHARE_YEARS = 2
# Who hears that a share started or ended: the people who act on volunteers' records.
NOTIFIED_ROLES = (Role.ADMIN, Role.COORDINATOR)


def latest_share_end(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + MAX_SHARE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_SHARE_YEARS, day=28)


def clean_sections(sections: Iterable[str] | None) -> list[str]:
    """The chosen sections in their canonical order, or a ValidationError saying what to choose."""
    if sections is None or isinstance(sections, str):
        raise ValidationError({"sections": _("Select at least one part of your passport to share")}, code="required")
    chosen = set(sections)
    unknown = chosen - set(Section.values)
    if unknown:
        raise ValidationError(
            {"sections": _("Select parts of your passport from the list: %(unknown)s is not one of them")
             % {"unknown": ", ".join(sorted(map(str, unknown)))}},
            code="invalid_choice",
        )
    if not chosen:
        raise ValidationError({"sections": _("Select at least one part of your passport to share")}, code="required")
    return [section for section in Section.values if section in chosen]


def clean_expires_on(expires_on: datetime.date | None) -> datetime.date:
    today = timezone.localdate()
    if not isinstance(expires_on, datetime.date):
        raise ValidationError({"expires_on": _("Enter the date sharing should end, like 31 3 2027")}, code="required")
    if expires_on <= today:
        raise ValidationError({"expires_on": _("The date sharing ends must be in the future")}, code="past")
    latest = latest_share_end(today)
    if expires_on > latest:
        raise ValidationError(
            {"expires_on": _("The date sharing ends must be no later than %(date)s (2 years from today)")
             % {"date": f"{latest.day} {latest:%B %Y}"}},
            code="too_late",
        )
    return expires_on


def _tell_organisation(share: Share, *, event: str, holder_name: str, key_suffix: str) -> None:
    from django.urls import reverse

    url = ""
    if event == "volunteers.share_started":
        url = reverse("volunteers:sharing-org-passport", args=[share.organisation_id, share.passport_id])
    context = {
        "organisation_name": share.organisation.name,
        "holder_name": holder_name,
        "sections": [Section(section).label for section in share.sections if section in Section.values],
        "expires_on": f"{share.expires_on.day} {share.expires_on:%B %Y}",
    }
    recipients = list(people_with_roles(share.organisation, NOTIFIED_ROLES))

    def send():
        for person in recipients:
            notify(event=event, recipient=person, context=context, url=url,
                   key=f"{event}:{share.pk}:{key_suffix}:{person.pk}")

    transaction.on_commit(send)


def _snapshot(share: Share) -> dict:
    return {"sections": list(share.sections), "expires_on": share.expires_on.isoformat()}


@transaction.atomic
def share_create(
    *, actor, passport: Passport, organisation: Organisation, sections: Iterable[str], expires_on: datetime.date
) -> Share:
    """Give a verified organisation sight of some sections of the actor's own passport until a date."""
    if actor is None or passport.holder_id != getattr(actor, "pk", None):
        raise ValidationError(_("You can only share your own passport"), code="not_holder")
    if organisation is None or organisation.pk is None:
        raise ValidationError({"organisation": _("Select an organisation to share your passport with")},
                              code="required")
    if not organisation.is_verified:
        raise ValidationError(
            {"organisation": _("%(name)s has not been verified yet, so you cannot share your passport with it. "
                               "Choose a verified organisation") % {"name": organisation.name}},
            code="unverified",
        )
    sections = clean_sections(sections)
    expires_on = clean_expires_on(expires_on)
    Passport.objects.select_for_update().filter(pk=passport.pk).first()
    if active_shares().filter(passport=passport, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("You already share your passport with %(name)s. Change that share instead")
             % {"name": organisation.name}},
            code="duplicate",
        )
    share = Share.objects.create(passport=passport, organisation=organisation, sections=sections,
                                 expires_on=expires_on)
    audit_record(actor=actor, action="volunteers.share_created", target=share,
                 changes={"sections": [[], sections], "expires_on": [None, expires_on.isoformat()]},
                 metadata={"organisation": organisation.pk, "passport": passport.pk})
    _tell_organisation(share, event="volunteers.share_started", holder_name=actor.display_name, key_suffix="start")
    return share


def _require_holder_of_live_share(actor, share: Share) -> Share:
    share = Share.objects.select_for_update().select_related("passport", "organisation").get(pk=share.pk)
    if actor is None or share.passport.holder_id != getattr(actor, "pk", None):
        raise ValidationError(_("You can only change your own shares"), code="not_holder")
    if share.revoked_at is not None or share.expires_on < timezone.localdate():
        raise ValidationError(_("This share has already ended. Share your passport again instead"), code="ended")
    return share


@transaction.atomic
def share_update(
    *, actor, share: Share, sections: Iterable[str] | None = None, expires_on: datetime.date | None = None
) -> Share:
    """Change which sections a live share covers, or until when; unchanged values are left alone."""
    share = _require_holder_of_live_share(actor, share)
    before = _snapshot(share)
    if sections is not None:
        share.sections = clean_sections(sections)
    if expires_on is not None:
        share.expires_on = clean_expires_on(expires_on)
    after = _snapshot(share)
    changes = {key: [before[key], value] for key, value in after.items() if before[key] != value}
    if not changes:
        return share
    share.save(update_fields=["sections", "expires_on"])
    audit_record(actor=actor, action="volunteers.share_changed", target=share, changes=changes,
                 metadata={"organisation": share.organisation_id, "passport": share.passport_id})
    return share


def _end(share: Share, *, reason: str) -> None:
    share.revoked_at = timezone.now()
    share.ended_reason = reason
    share.save(update_fields=["revoked_at", "ended_reason"])


@transaction.atomic
def share_revoke(*, actor, share: Share) -> Share:
    """Stop sharing now; the organisation's admins and coordinators are told."""
    share = _require_holder_of_live_share(actor, share)
    _end(share, reason="revoked by the volunteer")
    audit_record(actor=actor, action="volunteers.share_revoked", target=share,
                 changes={"revoked_at": [None, share.revoked_at.isoformat()]},
                 metadata={"organisation": share.organisation_id, "passport": share.passport_id})
    _tell_organisation(share, event="volunteers.share_ended", holder_name=actor.display_name, key_suffix="end")
    return share


@transaction.atomic
def passport_view_record(
    *,
    viewer,
    organisation: Organisation | None,
    passport: Passport,
    sections: Iterable[str],
    channel: str = "page",
) -> PassportView | None:
    """Log one look at a passport. The holder looking at their own passport is not logged."""
    if channel not in CHANNELS:
        raise ValueError(f"Unknown channel {channel!r}; use 'page' or 'api'")
    if viewer is not None and getattr(viewer, "pk", None) == passport.holder_id:
        return None
    if viewer is not None and not getattr(viewer, "is_authenticated", False):
        viewer = None
    wanted = set(sections)
    ordered = [section for section in Section.values if section in wanted]
    return PassportView.objects.create(
        passport=passport, viewer=viewer, organisation=organisation, sections=ordered, channel=channel
    )


@transaction.atomic
def passport_erase(*, actor, user) -> None:
    """Erase what a passport says about its holder, keeping only anonymous hours for statistics.

    Every share ends first and each organisation that held one is told, without the person's name: after
    erasure the message itself must not keep it.
    """
    passport = Passport.objects.select_for_update().filter(holder=user).first()
    if passport is None:
        return
    for share in active_shares().filter(passport=passport).select_related("organisation"):
        _end(share, reason="the volunteer deleted their account")
        _tell_organisation(share, event="volunteers.share_erased", holder_name="", key_suffix="erased")
    counts = {
        "shares": Share.objects.filter(passport=passport).delete()[0],
        "access_log": PassportView.objects.filter(passport=passport).delete()[0],
        "issued_credentials": passport.issued.all().delete()[0],
        "credentials": passport.credentials.all().delete()[0],
        "references": passport.references.all().delete()[0],
        "skills": passport.skills.all().delete()[0],
        "availability": passport.availability.all().delete()[0] + passport.unavailable.all().delete()[0],
    }
    # Open offers go (nobody is there to answer them); answered ones stay for fill rates, without the reasons.
    counts["offers"] = passport.offers.filter(status="offered").delete()[0]
    passport.offers.update(reasons={}, distance_km=None)
    passport.causes.clear()
    passport.opted_out_causes.clear()
    passport.opted_out_organisations.clear()
    passport.offers_wanted = False
    passport.second_base_postcode = ""
    passport.second_base_label = ""
    passport.transport = []
    passport.accessibility_needs = ""
    passport.adjustments = ""
    passport.languages = []
    passport.max_travel_km = 0
    passport.save()
    # Hours stay for statistics (per organisation, cause and date); the volunteer's own words go.
    passport.hours.update(description="")
    audit_record(actor=actor, action="volunteers.passport_erased", target=passport, metadata={"removed": counts})
