"""Co-design's part of a person's data export and erasure."""

from __future__ import annotations

from covenant.audit.services import audit_record

from .. import dates
from ..models import Ballot, Coauthorship, Comment, Contribution, PhaseKind, Report, Support


def codesign_export(user) -> dict | None:
    """What the person contributed: ideas and proposals, co-authoring, comments, supports, ballots and reports."""
    contributions = list(Contribution.objects.filter(author=user).select_related("process"))
    coauthoring = list(Coauthorship.objects.filter(user=user).select_related("contribution"))
    comments = list(Comment.objects.filter(author=user).select_related("contribution"))
    supports = list(Support.objects.filter(supporter=user).select_related("contribution"))
    ballots = list(Ballot.objects.filter(voter=user).select_related("process").prefetch_related("choices__proposal"))
    reports = list(Report.objects.filter(reporter=user).select_related("contribution"))
    if not (contributions or coauthoring or comments or supports or ballots or reports):
        return None
    return {
        "ideas_and_proposals": [{"process": c.process.title, "kind": c.kind, "title": c.title, "body": c.body,
                                 "cost": None if c.cost is None else str(c.cost),
                                 "created_at": c.created_at.isoformat()} for c in contributions],
        "co_authoring": [{"proposal": c.contribution.title, "invited_at": c.invited_at.isoformat(),
                          "accepted_at": c.accepted_at.isoformat() if c.accepted_at else None} for c in coauthoring],
        "comments": [{"on": c.contribution.title, "body": c.body, "created_at": c.created_at.isoformat()}
                     for c in comments],
        "supports": [{"proposal": s.contribution.title, "created_at": s.created_at.isoformat()} for s in supports],
        "ballots": [{"process": b.process.title, "cast_at": b.cast_at.isoformat(),
                     "choices": sorted(choice.proposal.title for choice in b.choices.all())} for b in ballots],
        "reports": [{"of": r.contribution.title, "comment": r.comment_id is not None, "reason": r.reason,
                     "details": r.details, "status": r.status, "created_at": r.created_at.isoformat()}
                    for r in reports],
    }


def codesign_erase(*, actor, user) -> None:
    """Erase a person from co-design: supports and ballots still open to change are withdrawn; ballots in a vote
    that has closed still count (the result rests on them) but no longer point at anyone; invitations to
    co-author lapse. What they wrote stays, under no name, as part of the public discussion."""
    today = dates.today()
    open_supports = [s.pk for s in Support.objects.filter(supporter=user).select_related("contribution__process")
                     if _open(s.contribution.process, PhaseKind.PROPOSALS, today)]
    withdrawn = Support.objects.filter(pk__in=open_supports).delete()[0]
    ballots = list(Ballot.objects.filter(voter=user).select_related("process"))
    open_ballots = [b.pk for b in ballots if not _ended(b.process, PhaseKind.VOTE, today)]
    Ballot.objects.filter(pk__in=open_ballots).delete()
    kept = Ballot.objects.filter(voter=user).update(voter=None)
    lapsed = Coauthorship.objects.filter(user=user, accepted_at__isnull=True).delete()[0]
    audit_record(actor=actor, action="services_codesign.person_erased", target=user,
                 metadata={"supports_withdrawn": withdrawn, "ballots_withdrawn": len(open_ballots),
                           "ballots_kept_anonymous": kept, "invitations_lapsed": lapsed})


def _open(process, kind: str, today) -> bool:
    phase = process.phases.filter(kind=kind).first()
    return process.status == "published" and phase is not None and dates.phase_state(phase, today) == dates.OPEN


def _ended(process, kind: str, today) -> bool:
    phase = process.phases.filter(kind=kind).first()
    return phase is not None and dates.phase_state(phase, today) == dates.ENDED
