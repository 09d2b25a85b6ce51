"""Reads the residents' pages need beyond parishes.selectors: what still blocks a draft, people by email, map rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.places.geocoding import GeocoderUnavailable

from . import geometry, selectors
from .models import APPROVED_STATES, Proposal
from .services import MIN_FOUNDING_MEMBERS, sunset_error
from .services.proposals import _members_living_in


def person_by_email(email: str):
    """The person with this confirmed email address, or None (the service then says they need an account)."""
    row = (EmailAddress.objects.filter(email__iexact=(email or "").strip(), verified=True)
           .select_related("user").first())
    return row.user if row is not None else None


@dataclass
class DraftState:
    """Where a draft stands against the rules for publishing, read without changing anything.

    The same rules as services.proposal_publish, which checks them again (under a lock) when asked to publish;
    this only says in advance what the proposers still need to do.
    """

    area_problem: str | None = None
    sunset_problem: str | None = None
    powers_count: int = 0
    powers_problem: str | None = None
    members_total: int = 0
    members_living: int | None = None  # None when the area is missing or invalid, so nobody can be counted
    conflicts: list[Proposal] = field(default_factory=list)
    lookup_failed: bool = False

    @property
    def members_ok(self) -> bool:
        return self.members_living is not None and self.members_living >= MIN_FOUNDING_MEMBERS

    @property
    def ready(self) -> bool:
        return not (self.area_problem or self.sunset_problem or self.powers_problem or self.conflicts
                    or self.lookup_failed) and self.members_ok


def draft_state(proposal: Proposal) -> DraftState:
    state = DraftState()
    area = None
    if proposal.area is None:
        state.area_problem = _("Draw the area on the map")
    else:
        try:
            area = geometry.parse_area(proposal.area)
        except ValidationError as error:
            state.area_problem = error.messages[0]
    if proposal.sunset_on is None:
        state.sunset_problem = _("Enter the sunset date, when the parish's powers end")
    else:
        state.sunset_problem = sunset_error(proposal.sunset_on)
    requested = list(proposal.requested_powers.select_related("power"))
    state.powers_count = len(requested)
    if not requested:
        state.powers_problem = _("Choose at least one power or freedom the parish asks for")
    members = [member.user for member in proposal.founding_members.select_related("user")]
    state.members_total = len(members)
    if area is not None:
        try:
            state.members_living = _members_living_in(area, members)
        except GeocoderUnavailable:
            state.lookup_failed = True
        if requested:
            state.conflicts = selectors.conflicting_parishes(
                area=area, power_ids=[r.power_id for r in requested], exclude=proposal)
    return state


def is_active(proposal: Proposal) -> bool:
    return proposal.status in APPROVED_STATES and proposal.sunset_on is not None \
        and proposal.sunset_on >= timezone.localdate()


def map_area(proposal: Proposal, *, description: str = "", link: bool = True) -> dict:
    """A proposal as one area of `{% areas_map %}`."""
    return {"name": proposal.name, "geometry": proposal.area, "description": description,
            "url": reverse("parishes:proposal", kwargs={"slug": proposal.slug}) if link else "",
            "kind": "active" if is_active(proposal) else "proposed"}
