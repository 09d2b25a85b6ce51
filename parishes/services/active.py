"""Writes for an active pop-up parish's people: the parish starting on approval, residents joining and leaving,
and its officers (chair, clerk, treasurer) appointed, replaced and standing down, with every term kept."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import notify
from covenant.organisations.models import Organisation, OrganisationType, Role
from covenant.organisations.selectors import people_with_roles

from .. import selectors_active
from ..models import (
    DelegatedBudget,
    MemberVia,
    Office,
    OfficeHolder,
    ParishDecision,
    ParishMember,
    Proposal,
    ProposerRole,
    Review,
    TermEnd,
)
from .common import JOINING, locked, proposal_url, require, resident_postcode_inside


def clean_text(value, field: str, *, empty: str, maximum: int) -> str:
    """Text trimmed; a ValidationError on `field` when empty or longer than `maximum`."""
    value = value.strip() if isinstance(value, str) else ""
    if not value:
        raise ValidationError({field: empty})
    if len(value) > maximum:
        raise ValidationError({field: _("This must be %(max)s characters or fewer") % {"max": f"{maximum:,}"}})
    return value


def acting_on(actor, parish: Proposal, perm: str) -> Proposal:
    """The parish read again under a row lock, and the actor checked against `perm` on it.

    The lock is what keeps members, offices and the budget consistent when two people act at once, and the
    permission (which needs the parish active) is checked on the locked row, so an ended parish changes no more.
    """
    parish = locked(parish)
    require(actor, perm, parish)
    return parish


def tell(people, parish: Proposal, event: str, context: dict, *, key: str, url: str = "") -> None:
    """Notify each person once per key about the parish's business."""
    context = {"parish_name": parish.name, **context}
    for person in people:
        notify(event=event, recipient=person, context=context, key=f"{key}:{person.pk}",
               url=url or proposal_url(parish))


def tell_councils(parish: Proposal, event: str, context: dict, *, key: str, url: str = "") -> None:
    """Notify the officers of the councils covering the parish."""
    codes = list(parish.covering_authorities.values_list("code", flat=True))
    councils = Organisation.objects.verified().filter(type=OrganisationType.LOCAL_AUTHORITY, ons_code__in=codes)
    officers = {person.pk: person for council in councils for person in people_with_roles(council, [Role.OFFICER])}
    tell(officers.values(), parish, event, context, key=key, url=url)


# The parish starting ------------------------------------------------------------------------------------------

def parish_activate(*, actor, parish: Proposal) -> None:
    """Start the parish the council has just approved: its proposers become its members, the lead proposer its
    interim chair, and the council's budget cap (if any) its delegated budget.

    Called by review_decide inside its transaction with the proposal locked; safe to call again.
    """
    if ParishMember.objects.filter(parish=parish).exists():
        return
    now = timezone.now()
    proposers = list(parish.proposers.select_related("user").order_by("added_at", "pk"))
    ParishMember.objects.bulk_create(ParishMember(parish=parish, user=p.user, via=MemberVia.PROPOSER, joined_at=now)
                                     for p in proposers)
    lead = next((p.user for p in proposers if p.role == ProposerRole.CREATOR), None)
    if lead is not None:
        OfficeHolder.objects.create(parish=parish, user=lead, office=Office.CHAIR, interim=True, appointed_at=now,
                                    appointed_by=actor)
    cap = Review.objects.filter(proposal=parish).values_list("budget_cap", flat=True).first()
    DelegatedBudget.objects.get_or_create(parish=parish, defaults={
        "amount": cap or 0, "set_at": now if cap is not None else None, "set_by": actor if cap is not None else None})
    audit_record(actor=actor, action="parishes.parish_activated", target=parish,
                 metadata={"members": [p.user_id for p in proposers], "interim_chair": lead.pk if lead else None,
                           "delegated_budget": str(cap) if cap is not None else None})


# Members -------------------------------------------------------------------------------------------------------

@transaction.atomic
def parish_join(*, actor, parish: Proposal) -> ParishMember:
    """A resident whose verified postcode lies inside the area joins the parish."""
    parish = acting_on(actor, parish, "parishes.join_parish")
    if selectors_active.is_member(actor, parish):
        raise ValidationError(_("You are a member of this parish already"))
    postcode = resident_postcode_inside(actor, parish, doing=JOINING)
    try:
        # A savepoint, so a second join racing past the check above fails alone.
        with transaction.atomic():
            member = ParishMember.objects.create(parish=parish, user=actor, postcode=postcode)
    except IntegrityError:
        raise ValidationError(_("You are a member of this parish already")) from None
    audit_record(actor=actor, action="parishes.member_joined", target=parish, metadata={"member_id": member.pk})
    return member


@transaction.atomic
def parish_leave(*, actor, parish: Proposal) -> ParishMember:
    """A member leaves; the membership row stays, dated. Officers stand down first, so no office is left to
    someone outside the parish."""
    parish = acting_on(actor, parish, "parishes.leave_parish")
    offices = selectors_active.offices_of(actor, parish)
    if offices:
        raise ValidationError(_("You are the %(office)s. Stand down before you leave the parish")
                              % {"office": _office_name(sorted(offices)[0])})
    member = selectors_active.current_members(parish).select_for_update().get(user=actor)
    member.left_at = timezone.now()
    member.save(update_fields=["left_at"])
    audit_record(actor=actor, action="parishes.member_left", target=parish, metadata={"member_id": member.pk})
    return member


# Officers ------------------------------------------------------------------------------------------------------

def _office_name(office: str) -> str:
    return str(Office(office).label).lower()


@transaction.atomic
def officer_appoint(*, actor, parish: Proposal, office: str, user, decision: ParishDecision | None = None
                    ) -> OfficeHolder:
    """Appoint a member to an office, ending the current holder's term. The chair appoints alone; otherwise the
    chair or clerk records an appointment members made by a carried decision (which is how a chair is replaced)."""
    parish = acting_on(actor, parish, "parishes.appoint_officer")
    errors: dict[str, str] = {}
    if office not in Office.values:
        errors["office"] = _("Choose chair, clerk or treasurer")
    if user is None or not selectors_active.is_member(user, parish):
        errors["user"] = _("Choose a member of the parish. Only members can hold office")
    if decision is not None:
        if decision.parish_id != parish.pk or not decision.carried:
            errors["decision"] = _("Choose a decision of this parish that was carried")
    elif Office.CHAIR not in selectors_active.offices_of(actor, parish):
        errors["decision"] = _("Choose the decision by which members made this appointment. Only the chair can "
                               "appoint without one")
    if errors:
        raise ValidationError(errors)
    current = {holder.office: holder for holder in
               OfficeHolder.objects.select_for_update().filter(parish=parish, ended_at__isnull=True)}
    held = next((h for h in current.values() if h.user_id == user.pk), None)
    if held is not None and held.office == office:
        raise ValidationError({"user": _("%(name)s is the %(office)s already")
                               % {"name": user.display_name, "office": _office_name(office)}})
    if held is not None:
        raise ValidationError({"user": _("%(name)s is the %(office)s. A member holds one office at a time, so they "
                                         "stand down from it first") % {"name": user.display_name,
                                                                         "office": _office_name(held.office)}})
    now = timezone.now()
    previous = current.get(office)
    if previous is not None:
        previous.ended_at, previous.ended_by, previous.end_reason = now, actor, TermEnd.REPLACED
        previous.save(update_fields=["ended_at", "ended_by", "end_reason"])
    holder = OfficeHolder.objects.create(parish=parish, user=user, office=office, appointed_at=now,
                                         appointed_by=actor, decision=decision)
    audit_record(actor=actor, action="parishes.officer_appointed", target=parish,
                 changes={office: [previous.user_id if previous else None, user.pk]},
                 metadata={"holder_id": holder.pk, "decision_id": decision.pk if decision else None})
    tell([user], parish, "parishes.officer_appointed", {"office": _office_name(office)},
         key=f"officer_appointed:{holder.pk}")
    return holder


@transaction.atomic
def officer_stand_down(*, actor, parish: Proposal, office: str) -> OfficeHolder:
    """An officer stands down. The chair or the clerk must remain, so someone can still call the meeting that
    appoints the next officers."""
    parish = acting_on(actor, parish, "parishes.stand_down")
    holders = list(OfficeHolder.objects.select_for_update().filter(parish=parish, ended_at__isnull=True))
    holder = next((h for h in holders if h.user_id == actor.pk and h.office == office), None)
    if holder is None:
        raise ValidationError({"office": _("Choose an office you hold")})
    runners = [h for h in holders if h.office in selectors_active.RUNNING_OFFICES and h.pk != holder.pk]
    if office in selectors_active.RUNNING_OFFICES and not runners:
        other = Office.CLERK if office == Office.CHAIR else Office.CHAIR
        raise ValidationError({"office": _("Appoint a %(other)s before you stand down as %(office)s, so someone can "
                                           "still call meetings and record the next appointment")
                               % {"other": _office_name(other), "office": _office_name(office)}})
    holder.ended_at, holder.ended_by, holder.end_reason = timezone.now(), actor, TermEnd.STOOD_DOWN
    holder.save(update_fields=["ended_at", "ended_by", "end_reason"])
    audit_record(actor=actor, action="parishes.officer_stood_down", target=parish,
                 changes={office: [actor.pk, None]}, metadata={"holder_id": holder.pk})
    return holder
