"""Parishes' part of a person's data export and erasure."""

from __future__ import annotations

from django.utils import timezone

from covenant.audit.services import audit_record

from ..models import (
    FoundingMember,
    OfficeHolder,
    ParishMember,
    Proposal,
    ProposalStatus,
    Signature,
    TermEnd,
    Vote,
)


def parishes_export(user) -> dict | None:
    """A person's part of their data export: what they propose, the founding groups they joined, their
    signatures."""
    proposing = list(Proposal.objects.filter(proposers__user=user).values("name", "status", "proposers__role"))
    founding = list(FoundingMember.objects.filter(user=user).values("proposal__name", "joined_at"))
    signatures = list(Signature.objects.filter(signer=user).values("proposal__name", "postcode", "signed_at",
                                                                   "withdrawn_at"))
    memberships = list(ParishMember.objects.filter(user=user).values("parish__name", "via", "postcode", "joined_at",
                                                                      "left_at"))
    offices = list(OfficeHolder.objects.filter(user=user).values("parish__name", "office", "appointed_at",
                                                                 "ended_at"))
    votes = list(Vote.objects.filter(voter=user).values("decision__parish__name", "decision__title", "choice"))
    if not (proposing or founding or signatures or memberships or offices or votes):
        return None
    return {
        "proposals": [{"name": p["name"], "status": p["status"], "role": p["proposers__role"]} for p in proposing],
        "founding_groups": [{"proposal": f["proposal__name"], "joined_at": f["joined_at"].isoformat()}
                            for f in founding],
        "signatures": [{"proposal": s["proposal__name"], "postcode": s["postcode"],
                        "signed_at": s["signed_at"].isoformat(),
                        "withdrawn_at": s["withdrawn_at"].isoformat() if s["withdrawn_at"] else None}
                       for s in signatures],
        "parish_memberships": [{"parish": m["parish__name"], "how": m["via"], "postcode": m["postcode"],
                                "joined_at": m["joined_at"].isoformat(),
                                "left_at": m["left_at"].isoformat() if m["left_at"] else None} for m in memberships],
        "parish_offices": [{"parish": o["parish__name"], "office": o["office"],
                            "appointed_at": o["appointed_at"].isoformat(),
                            "ended_at": o["ended_at"].isoformat() if o["ended_at"] else None} for o in offices],
        "parish_votes": [{"parish": v["decision__parish__name"], "decision": v["decision__title"],
                          "vote": v["choice"]} for v in votes],
    }


def parishes_erase(*, actor, user) -> None:
    """Erase a person from parishes: their signatures on open petitions are withdrawn, every signature
    forgets its postcode, and they leave the founding groups of drafts. Signatures on petitions that were
    already valid still count: the council acted on them, so the count stays true; nothing names the person.
    They leave the parishes they belong to and stand down from any office, and their memberships forget the
    postcode; their recorded votes stay, so decisions still add up, under the anonymous account."""
    now = timezone.now()
    withdrawn = Signature.objects.active().filter(signer=user, proposal__status=ProposalStatus.PUBLISHED).update(
        withdrawn_at=now)
    Signature.objects.filter(signer=user).update(postcode="")
    left = FoundingMember.objects.filter(user=user, proposal__status=ProposalStatus.DRAFT).delete()[0]
    stood_down = OfficeHolder.objects.filter(user=user, ended_at__isnull=True).update(
        ended_at=now, end_reason=TermEnd.STOOD_DOWN)
    parishes_left = ParishMember.objects.filter(user=user, left_at__isnull=True).update(left_at=now)
    ParishMember.objects.filter(user=user).update(postcode="")
    audit_record(actor=actor, action="parishes.person_erased", target=user,
                 metadata={"signatures_withdrawn": withdrawn, "founding_groups_left": left,
                           "offices_stood_down": stood_down, "parishes_left": parishes_left})
