"""Community funds' part of a person's data export; erasure keeps every record of public money."""

from __future__ import annotations

from django.db.models import Q

from .models import Application, AssessorAssignment, Decision, MonitoringReport, Payment


def _when(value) -> str | None:
    return value.isoformat() if value else None


def funds_export(user) -> dict | None:
    """What the person did in community funds: applications they started or submitted for their organisation,
    their assessments (declarations, scores and comments), decisions they made or confirmed, payments they
    released and monitoring reports they submitted or reviewed."""
    applications = list(Application.objects.filter(Q(created_by=user) | Q(submitted_by=user))
                        .select_related("round", "organisation").order_by("pk"))
    assignments = list(AssessorAssignment.objects.filter(assessor=user)
                       .select_related("application", "declaration")
                       .prefetch_related("scores__criterion").order_by("pk"))
    decisions = list(Decision.objects.filter(Q(decided_by=user) | Q(confirmed_by=user))
                     .select_related("application").order_by("pk"))
    payments = list(Payment.objects.filter(released_by=user).select_related("application").order_by("pk"))
    reports = list(MonitoringReport.objects.filter(Q(submitted_by=user) | Q(reviewed_by=user))
                   .select_related("application").order_by("pk"))
    if not (applications or assignments or decisions or payments or reports):
        return None
    return {
        "applications": [{"project": a.title, "organisation": a.organisation.name, "round": a.round.name,
                          "status": a.status, "started_by_you": a.created_by_id == user.pk,
                          "submitted_by_you": a.submitted_by_id == user.pk, "submitted_at": _when(a.submitted_at)}
                         for a in applications],
        "assessments": [{
            "application": a.application.title, "assigned_at": _when(a.assigned_at), "removed_at": _when(a.removed_at),
            "declaration": None if not hasattr(a, "declaration") else {
                "has_conflict": a.declaration.has_conflict, "details": a.declaration.details,
                "declared_at": _when(a.declaration.declared_at)},
            "scores": [{"criterion": s.criterion.name, "score": s.score, "comment": s.comment,
                        "scored_at": _when(s.scored_at)} for s in a.scores.all()],
        } for a in assignments],
        "decisions": [{"application": d.application.title, "outcome": d.outcome,
                       "amount": None if d.amount is None else str(d.amount), "reasons": d.reasons,
                       "decided_by_you": d.decided_by_id == user.pk, "confirmed_by_you": d.confirmed_by_id == user.pk,
                       "decided_at": _when(d.decided_at)} for d in decisions],
        "payments_released": [{"application": p.application.title, "amount": str(p.amount),
                               "reference": p.reference} for p in payments],
        "monitoring_reports": [{"application": r.application.title, "number": r.number, "status": r.status,
                                "submitted_by_you": r.submitted_by_id == user.pk,
                                "reviewed_by_you": r.reviewed_by_id == user.pk} for r in reports],
    }
