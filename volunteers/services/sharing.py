"""Consent changes (share, change, revoke) and the access log every view of someone else's passport writes to."""

from collections.abc import Iterable

from django.db import transaction

from covenant.organisations.models import Organisation

from ..models import Passport, PassportView, Section

CHANNELS = frozenset({"page", "api"})


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
