"""Parishes' part of a person's data export and erasure."""

from __future__ import annotations

from django.utils import timezone

from covenant.audit.services import audit_record

from ..models import (
    FoundingMember,
    Proposal,
    ProposalStatus,
    Signature,
)


def parishes_export(user) -> dict | None:
    """A person's part of their data export: what they propose, the founding groups they joined, their
    signatures."""
    proposing = list(Proposal.objects.filter(proposers__user=user).values("name", "status", "proposers__role"))
    founding = list(FoundingMember.objects.filter(user=user).values("proposal__name", "joined_at"))
    signatures = list(Signature.objects.filter(signer=user).values("proposal__name", "postcode", "signed_at",
                                                                   "withdrawn_at"))
    if not (proposing or founding or signatures):
        return None
    return {
        "proposals": [{"name": p["name"], "status": p["status"], "role": p["proposers__role"]} for p in proposing],
        "founding_groups": [{"proposal": f["proposal__name"], "joined_at": f["joined_at"].isoformat()}
                            for f in founding],
        "signatures": [{"proposal": s["proposal__name"], "postcode": s["postcode"],
                        "signed_at": s["signed_at"].isoformat(),
                        "withdrawn_at": s["withdrawn_at"].isoformat() if s["withdrawn_at"] else None}
                       for s in signatures],
    }


def parishes_erase(*, actor, user) -> None:
    """Erase a person from parishes: their signatures on open petitions are withdrawn, every signature
    forgets its postcode, and they leave the founding groups of drafts. Signatures on petitions that were
    already valid still count: the council acted on them, so the count stays true; nothing names the person."""
    now = timezone.now()
    withdrawn = Signature.objects.active().filter(signer=user, proposal__status=ProposalStatus.PUBLISHED).update(
        withdrawn_at=now)
    Signature.objects.filter(signer=user).update(postcode="")
    left = FoundingMember.objects.filter(user=user, proposal__status=ProposalStatus.DRAFT).delete()[0]
    audit_record(actor=actor, action="parishes.person_erased", target=user,
                 metadata={"signatures_withdrawn": withdrawn, "founding_groups_left": left})
