"""Reads about consent: which organisations may see which sections of a passport, and who has looked."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from covenant.organisations.models import Organisation

from ..models import Passport, PassportView, Section, Share


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def active_shares(*, on: datetime.date | None = None) -> QuerySet:
    """Shares in force on a date: not revoked and not past their end date (the last day still counts)."""
    return Share.objects.filter(revoked_at__isnull=True, expires_on__gte=_today(on))


def share_in_force(*, organisation: Organisation, passport: Passport, on: datetime.date | None = None) -> Share | None:
    """The share in force between this passport and organisation, or None. Unverified organisations see nothing."""
    if organisation is None or passport is None or organisation.pk is None or passport.pk is None:
        return None
    if not organisation.is_verified:
        return None
    return active_shares(on=on).filter(organisation=organisation, passport=passport).order_by("-created_at").first()


def shared_sections(*, organisation: Organisation, passport: Passport, on: datetime.date | None = None) -> frozenset[str]:
    """The sections a share in force gives this organisation on that date (today by default); empty if none."""
    share = share_in_force(organisation=organisation, passport=passport, on=on)
    if share is None:
        return frozenset()
    return frozenset(section for section in share.sections if section in Section.values)


def passports_shared_with(organisation: Organisation, *, on: datetime.date | None = None) -> QuerySet:
    """Passports with a share in force for the organisation, holders loaded, ordered by the holder's name."""
    if organisation is None or organisation.pk is None or not organisation.is_verified:
        return Passport.objects.none()
    shares = active_shares(on=on).filter(organisation=organisation)
    return (
        Passport.objects.filter(pk__in=shares.values("passport_id"))
        .select_related("holder")
        .order_by("holder__full_name", "holder__email", "id")
    )


def shares_in_force_with(organisation: Organisation, *, on: datetime.date | None = None) -> QuerySet:
    """The organisation's shares in force, each with its passport and holder: the rows of its list page."""
    if organisation is None or organisation.pk is None or not organisation.is_verified:
        return Share.objects.none()
    return (
        active_shares(on=on)
        .filter(organisation=organisation)
        .select_related("passport__holder")
        .order_by("passport__holder__full_name", "passport__holder__email", "id")
    )


def shares_of(passport: Passport | None) -> QuerySet:
    """Every share of a passport, newest first, with its organisation."""
    if passport is None:
        return Share.objects.none()
    return Share.objects.filter(passport=passport).select_related("organisation").order_by("-created_at", "-id")


def current_shares_of(passport: Passport | None, *, on: datetime.date | None = None) -> QuerySet:
    if passport is None:
        return Share.objects.none()
    return shares_of(passport).filter(revoked_at__isnull=True, expires_on__gte=_today(on))


def past_shares_of(passport: Passport | None, *, on: datetime.date | None = None) -> QuerySet:
    if passport is None:
        return Share.objects.none()
    return shares_of(passport).filter(Q(revoked_at__isnull=False) | Q(expires_on__lt=_today(on)))


def access_log(passport: Passport | None) -> QuerySet:
    """Who has seen the passport, newest first."""
    if passport is None:
        return PassportView.objects.none()
    return PassportView.objects.filter(passport=passport).select_related("viewer", "organisation")


# What the organisation's pages and API show, built once so both show exactly the same, shared, sections.

CREDENTIAL_SECTIONS = {
    Section.IDENTITY: "identity",
    Section.DBS: "dbs",
    Section.TRAINING: "training",
    Section.QUALIFICATIONS: "qualification",
    Section.OCCUPATIONAL_HEALTH: "occupational_health",
}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def credential_state(credential, *, on: datetime.date | None = None) -> tuple[str, str]:
    """(code, label) of a credential's verification state today: a lapsed expiry date reads as expired."""
    from ..models import CredentialStatus

    status = credential.status
    if status in (CredentialStatus.VERIFIED, CredentialStatus.SELF_DECLARED) and credential.expires_on \
            and credential.expires_on < _today(on):
        status = CredentialStatus.EXPIRED
    return status, str(CredentialStatus(status).label)


def dbs_summary(credential, *, on: datetime.date | None = None) -> dict:
    """What lists may say about a DBS check: its level and verification state, nothing that identifies it."""
    state, state_label = credential_state(credential, on=on)
    return {"level": credential.dbs_level, "level_label": credential.get_dbs_level_display(),
            "state": state, "state_label": state_label}


def share_rows(organisation: Organisation, *, on: datetime.date | None = None) -> list[dict]:
    """The organisation's list of passports shared with it, with DBS level and state only where shared."""
    from django.db.models import Prefetch

    from ..models import Credential, CredentialKind

    dbs_only = Credential.objects.filter(kind=CredentialKind.DBS).only(
        "id", "passport_id", "kind", "dbs_level", "status", "expires_on"
    )
    shares = shares_in_force_with(organisation, on=on).prefetch_related(
        Prefetch("passport__credentials", queryset=dbs_only, to_attr="dbs_checks")
    )
    rows = []
    for share in shares:
        sections = [section for section in Section.values if section in share.sections]
        rows.append({
            "share": share,
            "passport": share.passport,
            "name": share.passport.holder.display_name,
            "sections": sections,
            "section_labels": [str(Section(section).label) for section in sections],
            "expires_on": share.expires_on,
            "dbs": [dbs_summary(check, on=on) for check in share.passport.dbs_checks]
            if Section.DBS in sections else None,
        })
    return rows


def _credential_view(credential, *, on) -> dict:
    state, state_label = credential_state(credential, on=on)
    item = {
        "id": credential.pk,
        "kind": credential.kind,
        "title": str(credential),
        "provider": credential.provider,
        "issued_on": _iso(credential.issued_on),
        "expires_on": _iso(credential.expires_on),
        "state": state,
        "state_label": state_label,
        "verified_at": _iso(credential.verified_at),
        "verified_by_organisation": credential.verified_organisation.name if credential.verified_organisation else None,
        "evidence_seen": credential.evidence_seen if credential.status == "verified" else "",
    }
    if credential.kind == "identity":
        item["identity_method"] = credential.get_identity_method_display() if credential.identity_method else ""
    if credential.kind == "dbs":
        item.update({
            "dbs_level": credential.get_dbs_level_display(),
            "dbs_barred_lists": credential.get_dbs_barred_lists_display() if credential.dbs_barred_lists else "",
            "dbs_workforce": credential.get_dbs_workforce_display() if credential.dbs_workforce else "",
            "certificate_number": credential.certificate_number,
            "update_service_subscribed": credential.update_service_subscribed,
            "update_service_id": credential.update_service_id,
        })
    if credential.kind == "qualification":
        item["qualification_type"] = (credential.get_qualification_type_display()
                                      if credential.qualification_type else "")
        item["licence_categories"] = credential.licence_categories
    return item


def _profile_view(passport: Passport) -> dict:
    from ..models import Transport

    transport = {value: str(label) for value, label in Transport.choices}
    return {
        "skills": [{"name": row.skill.name, "group": row.skill.group, "level": row.get_level_display()}
                   for row in passport.skills.select_related("skill").order_by("skill__group", "skill__name")],
        "causes": [cause.name for cause in passport.causes.order_by("name")],
        "availability": [str(window) for window in passport.availability.all()],
        "away": [{"starts_on": _iso(away.starts_on), "ends_on": _iso(away.ends_on)}
                 for away in passport.unavailable.filter(ends_on__gte=timezone.localdate())],
        "max_travel_km": passport.max_travel_km,
        "transport": [transport.get(value, value) for value in passport.transport or []],
        "languages": list(passport.languages or []),
        "accessibility_needs": passport.accessibility_needs,
        "adjustments": passport.adjustments,
    }


def _references_view(passport: Passport) -> list[dict]:
    from ..models import ReferenceStatus

    # Organisations with consent see confidential answers too: confidentiality is from the volunteer.
    return [
        {"referee_name": reference.referee_name, "relationship": reference.relationship,
         "capacity": reference.capacity, "known_for": reference.known_for,
         "recommendation": reference.get_recommendation_display() if reference.recommendation else "",
         "comments": reference.comments, "confidential": reference.confidential,
         "answered_at": _iso(reference.answered_at)}
        for reference in passport.references.filter(status=ReferenceStatus.ANSWERED).order_by("-answered_at")
    ]


def _hours(value) -> str:
    # SQLite sums decimals as floats; two places everywhere keeps pages and the API the same on every database.
    from decimal import Decimal

    return str(Decimal(str(value or 0)).quantize(Decimal("0.01")))


def _history_view(passport: Passport) -> dict:
    from django.db.models import Sum
    from django.db.models.functions import ExtractYear

    from ..models import HoursStatus

    confirmed = passport.hours.filter(status=HoursStatus.CONFIRMED)
    by_year = (confirmed.annotate(year=ExtractYear("date")).values("year").annotate(total=Sum("hours"))
               .order_by("-year"))
    by_organisation = (confirmed.values("organisation__name").annotate(total=Sum("hours"))
                       .order_by("-total", "organisation__name"))
    by_cause = confirmed.values("cause__name").annotate(total=Sum("hours")).order_by("-total", "cause__name")
    return {
        "total_hours": _hours(confirmed.aggregate(total=Sum("hours"))["total"]),
        "by_year": [{"year": row["year"], "hours": _hours(row["total"])} for row in by_year],
        "by_organisation": [{"organisation": row["organisation__name"] or "", "hours": _hours(row["total"])}
                            for row in by_organisation],
        "by_cause": [{"cause": row["cause__name"] or "", "hours": _hours(row["total"])} for row in by_cause],
    }


def shared_passport(share: Share, *, on: datetime.date | None = None) -> dict:
    """Exactly the sections the share gives, as plain values: nothing else is read from the passport."""
    passport = share.passport
    sections = [section for section in Section.values if section in share.sections]
    view: dict = {
        "id": passport.pk,
        "name": passport.holder.display_name,
        "sections": sections,
        "shared_until": _iso(share.expires_on),
    }
    if Section.PROFILE in sections:
        view["profile"] = _profile_view(passport)
    kinds = [CREDENTIAL_SECTIONS[section] for section in sections if section in CREDENTIAL_SECTIONS]
    if kinds:
        credentials = passport.credentials.filter(kind__in=kinds).select_related("verified_organisation")
        grouped: dict[str, list] = {section: [] for section in sections if section in CREDENTIAL_SECTIONS}
        section_of = {kind: section for section, kind in CREDENTIAL_SECTIONS.items()}
        for credential in credentials:
            grouped[section_of[credential.kind]].append(_credential_view(credential, on=on))
        view["credentials"] = grouped
    if Section.REFERENCES in sections:
        view["references"] = _references_view(passport)
    if Section.HISTORY in sections:
        view["history"] = _history_view(passport)
    return view


def passport_export(user) -> dict | None:
    """Everything the passport holds about its holder, as they may see it (UK GDPR right of access)."""
    from ..models import CredentialKind

    passport = Passport.objects.filter(holder=user).first()
    if passport is None:
        return None
    credentials = []
    for credential in passport.credentials.select_related("verified_organisation"):
        item = _credential_view(credential, on=None)
        item["kind"] = credential.kind
        item["kind_label"] = str(CredentialKind(credential.kind).label)
        item["status"] = credential.status
        credentials.append(item)
    references = []
    for reference in passport.references.all():
        item = {"referee_name": reference.referee_name, "referee_email": reference.referee_email,
                "relationship": reference.relationship, "status": reference.status,
                "requested_at": _iso(reference.requested_at), "expires_at": _iso(reference.expires_at),
                "answered_at": _iso(reference.answered_at), "confidential": reference.confidential}
        # A referee who asked for confidentiality wrote for organisations, not for the volunteer.
        if not reference.confidential:
            item.update({"capacity": reference.capacity, "known_for": reference.known_for,
                         "recommendation": reference.recommendation, "comments": reference.comments})
        references.append(item)
    return {
        "created_at": _iso(passport.created_at),
        "profile": {
            **_profile_view(passport),
            "second_base_postcode": passport.second_base_postcode,
            "second_base_label": passport.second_base_label,
            "away": [{"starts_on": _iso(away.starts_on), "ends_on": _iso(away.ends_on), "reason": away.reason}
                     for away in passport.unavailable.all()],
        },
        "credentials": credentials,
        "references": references,
        "hours": [
            {"date": _iso(entry.date), "hours": str(entry.hours),
             "organisation": entry.organisation.name if entry.organisation else None,
             "cause": entry.cause.name if entry.cause else None, "description": entry.description,
             "source": entry.source, "status": entry.status}
            for entry in passport.hours.select_related("organisation", "cause")
        ],
        "shares": [
            {"organisation": share.organisation.name, "sections": list(share.sections),
             "shared_until": _iso(share.expires_on), "created_at": _iso(share.created_at),
             "ended_at": _iso(share.revoked_at), "ended_reason": share.ended_reason}
            for share in shares_of(passport)
        ],
        "access_log": [
            {"viewer": view.viewer.display_name if view.viewer else None,
             "organisation": view.organisation.name if view.organisation else None,
             "viewed_at": _iso(view.viewed_at), "sections": list(view.sections), "channel": view.channel}
            for view in access_log(passport)
        ],
    }
