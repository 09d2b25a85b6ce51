"""Residents report ideas, proposals and comments; the council works through the reports: it hides what was
reported (contribution_hide and comment_hide close its open reports as upheld) or dismisses the reports with a
reason. Reports are never deleted, and reporters are never named in public."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import notify

from ..models import Comment, Contribution, ContributionKind, Report, ReportReason, ReportStatus
from .common import REASON_MAX, contribution_url, require, text

DETAILS_MAX = 1000


def _item(target) -> tuple[Contribution, Comment | None]:
    if isinstance(target, Comment):
        return target.contribution, target
    if isinstance(target, Contribution):
        return target, None
    raise TypeError("Report an idea, a proposal or a comment")


def _open_reports(contribution: Contribution, comment: Comment | None):
    reports = Report.objects.filter(contribution=contribution, status=ReportStatus.OPEN)
    return reports.filter(comment=comment) if comment is not None else reports.filter(comment__isnull=True)


def _what(contribution: Contribution, comment: Comment | None) -> str:
    if comment is not None:
        return _("a comment on “%(title)s”") % {"title": contribution.title}
    return (_("the idea “%(title)s”") if contribution.kind == ContributionKind.IDEA
            else _("the proposal “%(title)s”")) % {"title": contribution.title}


@transaction.atomic
def report_submit(*, actor, target: Contribution | Comment, reason: str, details: str = "") -> Report:
    """A signed-in resident reports an idea, proposal or comment to the council, choosing why, with details
    (required when the reason is something else). One open report per person per item."""
    if isinstance(target, Comment):
        target = Comment.objects.select_related("contribution", "contribution__process").get(pk=target.pk)
    else:
        target = Contribution.objects.select_related("process").get(pk=target.pk)
    contribution, comment = _item(target)
    require(actor, "services_codesign.report_content", contribution.process)
    item = comment or contribution
    if item.is_hidden or (comment is not None and contribution.is_hidden):
        raise ValidationError(_("The council has hidden this already, so it cannot be reported"))
    if item.author_id == actor.pk:
        raise ValidationError(_("You wrote this, so you cannot report it. Ask the council if something is wrong"))
    already = _("You have reported this already. The council will look at your report")
    if _open_reports(contribution, comment).filter(reporter=actor).exists():
        raise ValidationError(already)
    errors: dict = {}
    if reason not in ReportReason.values:
        errors["reason"] = _("Choose why you are reporting it")
    details = details.strip() if isinstance(details, str) else ""
    if reason == ReportReason.OTHER and not details:
        errors["details"] = _("Say what is wrong with it")
    elif len(details) > DETAILS_MAX:
        errors["details"] = _("Enter %(max)s characters or fewer") % {"max": f"{DETAILS_MAX:,}"}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            report = Report.objects.create(process=contribution.process, contribution=contribution, comment=comment,
                                           reporter=actor, reason=reason, details=details)
    except IntegrityError:
        raise ValidationError(already) from None
    audit_record(actor=actor, action="services_codesign.reported", target=contribution,
                 metadata={"report": report.pk, "comment": getattr(comment, "pk", None), "reason": reason})
    if _open_reports(contribution, comment).count() == 1:
        _tell_officers(report, contribution=contribution, comment=comment)
    return report


def _tell_officers(report: Report, *, contribution: Contribution, comment: Comment | None) -> None:
    """The process's officers hear of an item's first open report (later ones add to the queue's count, so a
    busy thread does not flood them)."""
    from django.urls import reverse

    from services.catalogue.selectors import managers_of

    process = contribution.process
    url = reverse("services:codesign-reports", kwargs={"slug": process.slug})
    for officer in managers_of(process.service.owner):
        notify(event="services_codesign.reported", recipient=officer, url=url,
               key=f"services_codesign:reported:{report.pk}:{officer.pk}",
               context={"what": _what(contribution, comment), "process_title": process.title,
                        "reason": report.get_reason_display()})


def _tell_reporters(reports: list[Report], *, contribution: Contribution, comment: Comment | None,
                    outcome: str, reason: str) -> None:
    url = contribution_url(contribution)
    what = _what(contribution, comment)
    for report in reports:
        notify(event="services_codesign.report_closed", recipient=report.reporter, url=url,
               key=f"services_codesign:report:{report.pk}:closed",
               context={"what": what, "outcome": outcome, "reason": reason})


def reports_uphold(*, actor, contribution: Contribution, comment: Comment | None, reason: str) -> int:
    """Close the open reports of an item the council has just hidden, as upheld, telling each reporter. Called by
    contribution_hide and comment_hide inside their transaction; returns how many were closed."""
    reports = list(_open_reports(contribution, comment).select_for_update().select_related("reporter"))
    if not reports:
        return 0
    now = timezone.now()
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(
        status=ReportStatus.UPHELD, closed_at=now, closed_by=actor, closed_reason=reason)
    _tell_reporters(reports, contribution=contribution, comment=comment, outcome=ReportStatus.UPHELD, reason=reason)
    return len(reports)


@transaction.atomic
def reports_dismiss(*, actor, target: Contribution | Comment, reason: str) -> int:
    """The council decides an item breaks no rule: its open reports close as dismissed, with the reason, and
    each reporter is told. Returns how many were dismissed."""
    if isinstance(target, Comment):
        target = Comment.objects.select_related("contribution", "contribution__process").get(pk=target.pk)
    else:
        target = Contribution.objects.select_related("process").get(pk=target.pk)
    contribution, comment = _item(target)
    require(actor, "services_codesign.manage_process", contribution.process)
    reports = list(_open_reports(contribution, comment).select_for_update().select_related("reporter"))
    if not reports:
        raise ValidationError(_("There are no reports of it waiting. Another officer may have dealt with them"))
    errors: dict = {}
    reason = text(reason, field="reason", required=_("Enter why the reports are dismissed"), maximum=REASON_MAX,
                  errors=errors)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(
        status=ReportStatus.DISMISSED, closed_at=now, closed_by=actor, closed_reason=reason)
    audit_record(actor=actor, action="services_codesign.reports_dismissed", target=contribution,
                 metadata={"comment": getattr(comment, "pk", None), "reports": [r.pk for r in reports],
                           "reason": reason})
    _tell_reporters(reports, contribution=contribution, comment=comment, outcome=ReportStatus.DISMISSED,
                    reason=reason)
    return len(reports)
