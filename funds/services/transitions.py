"""The application's state machine, written once: every change of status goes through `transition`.

    draft ─► submitted ─► in assessment ─► recommended / not recommended ─► approved ─► accepted ─► active ─► closed
                                                  │                          ▲   (agreement)  (first payment) (final report)
                                                  └► awaiting second approval┘
                                                  └► rejected
    withdrawn: by the applicant from any state before the agreement is accepted.

Administrators decide only once the panel has recommended (or not): its recommendation may be overruled, with
reasons. An approval at or over the fund's threshold waits for a second administrator, who confirms it
(approved) or sends it back (to the panel's recommendation). Rejected, withdrawn and closed are final.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Application, ApplicationStatus

S = ApplicationStatus

ALLOWED: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.IN_ASSESSMENT, S.WITHDRAWN}),
    S.IN_ASSESSMENT: frozenset({S.RECOMMENDED, S.NOT_RECOMMENDED, S.WITHDRAWN}),
    S.RECOMMENDED: frozenset({S.RECOMMENDED, S.NOT_RECOMMENDED, S.APPROVED, S.AWAITING_SECOND_APPROVAL,
                              S.REJECTED, S.WITHDRAWN}),
    S.NOT_RECOMMENDED: frozenset({S.RECOMMENDED, S.NOT_RECOMMENDED, S.APPROVED, S.AWAITING_SECOND_APPROVAL,
                                  S.REJECTED, S.WITHDRAWN}),
    S.AWAITING_SECOND_APPROVAL: frozenset({S.APPROVED, S.RECOMMENDED, S.NOT_RECOMMENDED, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.ACCEPTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.ACTIVE}),
    S.ACTIVE: frozenset({S.CLOSED}),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.CLOSED: frozenset(),
}
FINAL = frozenset(state for state, targets in ALLOWED.items() if not targets)


def can_move(application: Application, to: str) -> bool:
    return to in ALLOWED.get(application.status, frozenset())


def transition(application: Application, to: str) -> str:
    """Move the (locked) application to `to` and save it; returns the status it had. Refused with the current
    and wanted states named, never silently."""
    if not can_move(application, to):
        raise ValidationError(
            _("This application is %(current)s, so it cannot become %(target)s")
            % {"current": S(application.status).label.lower(), "target": S(to).label.lower()})
    previous = application.status
    application.status = to
    application.save(update_fields=["status", "updated_at"])
    return previous
