"""Writes for assessment: assigning assessors, their conflict-of-interest declarations (made before they may
see an application; a conflict removes them and is kept as a record), scores against the round's criteria,
moderation, and the panel's recommendation."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.organisations.models import Role
from covenant.organisations.selectors import is_member, organisation_roles

from ..models import (
    SCORE_MAX,
    SCORE_MIN,
    Application,
    ApplicationStatus,
    AssessorAssignment,
    ConflictDeclaration,
    Criterion,
    Moderation,
    Recommendation,
    Score,
)
from .common import (
    clean_text,
    lock_application,
    notify_administrators,
    notify_person,
    parse_money,
    pounds,
    refusals_audited,
    require,
)
from .transitions import transition

ASSESSABLE = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.IN_ASSESSMENT})
PANEL_STATES = frozenset({ApplicationStatus.IN_ASSESSMENT, ApplicationStatus.RECOMMENDED,
                          ApplicationStatus.NOT_RECOMMENDED})
ASSESSOR_ROLES = frozenset({Role.ASSESSOR, Role.FUND_ADMINISTRATOR})


def _name(person) -> str:
    return getattr(person, "full_name", "") or person.email


def separation_problem(actor, application: Application, *, doing: str) -> str | None:
    """Why `actor` may not `doing` (decide, confirm, moderate...) this application under separation of duties:
    they assessed it, declared a conflict on it, or belong to the applicant organisation. None if they may."""
    assignment = (AssessorAssignment.objects.select_related("declaration")
                  .filter(application=application, assessor=actor).first())
    if assignment is not None and hasattr(assignment, "declaration") and assignment.declaration.has_conflict:
        return _("You declared a conflict of interest with this application, so you cannot %(doing)s it") % {
            "doing": doing}
    if assignment is not None and assignment.scores.exists():
        return _("You assessed this application, so you cannot %(doing)s it") % {"doing": doing}
    if is_member(user=actor, organisation=application.organisation):
        return _("You belong to the applicant organisation, so you cannot %(doing)s this application") % {
            "doing": doing}
    return None


@refusals_audited("funds.assessor_assign")
@transaction.atomic
def assessor_assign(*, actor, application: Application, assessor) -> AssessorAssignment:
    """Ask an assessor (or fund administrator) of the fund's organisation to assess a submitted application;
    the first assignment starts the assessment. They see nothing of it until they declare their interests."""
    application = lock_application(application.pk)
    require(actor, "funds.assign_assessor", application)
    if application.status not in ASSESSABLE:
        raise ValidationError(_("Assessors can be assigned only to submitted applications still in assessment"))
    fund = application.round.programme.fund
    if assessor is None or not getattr(assessor, "is_active", False) or not (
            organisation_roles(user=assessor, organisation=fund.organisation) & ASSESSOR_ROLES):
        raise ValidationError({"assessor": _("Choose an assessor of %(organisation)s") % {
            "organisation": fund.organisation.name}})
    if is_member(user=assessor, organisation=application.organisation):
        raise ValidationError({"assessor": _("%(name)s belongs to the applicant organisation: choose another "
                                             "assessor") % {"name": _name(assessor)}})
    existing = AssessorAssignment.objects.filter(application=application, assessor=assessor).first()
    if existing is not None:
        raise ValidationError({"assessor": (
            _("%(name)s declared a conflict of interest with this application") if existing.removed_at
            else _("%(name)s is already assessing this application")) % {"name": _name(assessor)}})
    assignment = AssessorAssignment.objects.create(application=application, assessor=assessor, assigned_by=actor)
    if application.status == ApplicationStatus.SUBMITTED:
        transition(application, ApplicationStatus.IN_ASSESSMENT)
    audit_record(actor=actor, action="funds.assessor_assigned", target=application,
                 metadata={"assessor": assessor.pk, "assignment": assignment.pk})
    # To the declaration: until they declare, the application itself is not theirs to see.
    notify_person(assessor, application, "funds.assessor_assigned", {}, key=f"assigned:{assignment.pk}",
                  url=reverse("funds:assess-declare", kwargs={"pk": application.pk}))
    return assignment


def _my_assignment(actor, application: Application) -> AssessorAssignment:
    assignment = (AssessorAssignment.objects.select_related("declaration")
                  .filter(application=application, assessor=actor, removed_at__isnull=True).first()
                  if getattr(actor, "is_authenticated", False) else None)
    if assignment is None:
        raise PermissionDenied("funds.assess_application")
    return assignment


@refusals_audited("funds.conflict_declare")
@transaction.atomic
def conflict_declare(*, actor, application: Application, has_conflict: bool, details: str = "") -> ConflictDeclaration:
    """An assigned assessor declares, once and before seeing the application, whether they have a conflict of
    interest. A conflict takes them off it (the assignment and declaration stay as the record) and the fund's
    administrators are told, to assign someone else."""
    application = lock_application(application.pk)
    assignment = _my_assignment(actor, application)
    if hasattr(assignment, "declaration"):
        raise ValidationError(_("You have declared your interests in this application already"))
    if not isinstance(has_conflict, bool):
        raise ValidationError({"has_conflict": _("Select yes if you have a conflict of interest")})
    details = clean_text(details, "details", empty=_("Describe your conflict of interest"), required=has_conflict)
    declaration = ConflictDeclaration.objects.create(assignment=assignment, has_conflict=has_conflict,
                                                     details=details)
    if has_conflict:
        assignment.removed_at = timezone.now()
        assignment.save(update_fields=["removed_at"])
        notify_administrators(application, "funds.conflict_declared", {"assessor": _name(actor)},
                              key=f"conflict:{assignment.pk}")
    audit_record(actor=actor, action="funds.conflict_declared", target=application,
                 metadata={"assignment": assignment.pk, "has_conflict": has_conflict, "details": details})
    return declaration


def _clean_score(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not text.isdigit():
            return None
        number = int(text)
    return number if SCORE_MIN <= number <= SCORE_MAX else None


@refusals_audited("funds.scores_record")
@transaction.atomic
def scores_record(*, actor, application: Application, scores: list[dict]) -> list[Score]:
    """Save an assessor's scores (whole numbers from 0 to 5) with a comment each, for some or all of the round's
    criteria: dicts of criterion (a Criterion or its id), score and comment. Errors are keyed
    criterion-<id>-score and criterion-<id>-comment. Nothing is saved unless all are right."""
    application = lock_application(application.pk)
    assignment = _my_assignment(actor, application)
    if not hasattr(assignment, "declaration"):
        raise ValidationError(_("Declare whether you have a conflict of interest before you assess this "
                                "application"))
    if application.status != ApplicationStatus.IN_ASSESSMENT:
        raise ValidationError(_("Scores can be given only while the application is in assessment"))
    criteria = {criterion.pk: criterion for criterion in application.round.criteria.all()}
    errors: dict[str, str] = {}
    clean: list[tuple[Criterion, int, str]] = []
    for entry in scores:
        criterion_id = getattr(entry.get("criterion"), "pk", entry.get("criterion"))
        criterion = criteria.get(criterion_id) if isinstance(criterion_id, int) else None
        if criterion is None:
            errors["criterion"] = _("Score only this round's criteria")
            continue
        prefix = f"criterion-{criterion.pk}-"
        score = _clean_score(entry.get("score"))
        if score is None:
            errors[prefix + "score"] = _("Enter a score for %(criterion)s from %(low)s to %(high)s") % {
                "criterion": criterion.name, "low": SCORE_MIN, "high": SCORE_MAX}
        comment = clean_text(entry.get("comment"), prefix + "comment",
                             empty=_("Enter a comment explaining your score for %(criterion)s") % {
                                 "criterion": criterion.name}, errors=errors)
        clean.append((criterion, score, comment))
    if not scores:
        errors["scores"] = _("Score at least one criterion")
    if errors:
        raise ValidationError(errors)
    saved = []
    for criterion, score, comment in clean:
        row, _created = Score.objects.update_or_create(assignment=assignment, criterion=criterion,
                                                       defaults={"score": score, "comment": comment,
                                                                 "scored_at": timezone.now()})
        saved.append(row)
    audit_record(actor=actor, action="funds.scores_recorded", target=application,
                 metadata={"assignment": assignment.pk,
                           "scores": {str(criterion.pk): score for criterion, score, _comment in clean}})
    return saved


@refusals_audited("funds.moderation_record")
@transaction.atomic
def moderation_record(*, actor, application: Application, criterion: Criterion, score, reason: str) -> Moderation:
    """A moderator's agreed score for one criterion (0 to 5, to 2 decimal places), in place of the assessors'
    mean; by a fund administrator who did not assess the application."""
    application = lock_application(application.pk)
    require(actor, "funds.moderate_application", application)
    if application.status not in PANEL_STATES:
        raise ValidationError(_("Scores can be moderated only until the application is decided"))
    if problem := separation_problem(actor, application, doing=_("moderate")):
        raise ValidationError(problem)
    criterion = application.round.criteria.filter(pk=getattr(criterion, "pk", None)).first()
    if criterion is None:
        raise ValidationError({"criterion": _("Choose one of this round's criteria")})
    errors: dict[str, str] = {}
    try:
        value = Decimal(str(score).strip())
    except InvalidOperation:
        value = None
    if isinstance(score, bool) or value is None or not value.is_finite() or not SCORE_MIN <= value <= SCORE_MAX \
            or value != value.quantize(Decimal("0.01")):
        errors["score"] = _("Enter a score from 0 to 5, with up to 2 decimal places")
    reason = clean_text(reason, "reason", empty=_("Enter the reason for the moderated score"), errors=errors)
    if errors:
        raise ValidationError(errors)
    moderation, _created = Moderation.objects.update_or_create(
        application=application, criterion=criterion,
        defaults={"score": value, "reason": reason, "moderated_by": actor, "moderated_at": timezone.now()})
    audit_record(actor=actor, action="funds.score_moderated", target=application,
                 metadata={"criterion": criterion.pk, "score": value, "reason": reason})
    return moderation


@refusals_audited("funds.application_recommend")
@transaction.atomic
def application_recommend(*, actor, application: Application, recommended: bool, notes: str,
                          amount=None) -> Recommendation:
    """The panel's recommendation, for or against, with its reasons and optionally the amount it suggests;
    made once at least one assessor without a conflict has scored every criterion, and again if the panel
    changes its mind."""
    application = lock_application(application.pk)
    require(actor, "funds.recommend_application", application)
    if application.status not in PANEL_STATES:
        raise ValidationError(_("The panel recommends only applications in assessment that are not yet decided"))
    errors: dict[str, str] = {}
    if not isinstance(recommended, bool):
        errors["recommended"] = _("Select whether the panel recommends the application")
    notes = clean_text(notes, "notes", empty=_("Enter the panel's reasons"), errors=errors)
    if amount not in (None, ""):
        amount = parse_money(amount, "amount", label=_("the amount the panel suggests"), errors=errors)
        if amount is not None and amount > application.amount_requested:
            errors["amount"] = _("The panel cannot suggest more than the %(requested)s asked for") % {
                "requested": pounds(application.amount_requested)}
    else:
        amount = None
    criteria = application.round.criteria.count()
    complete = any(
        assignment.scores.count() >= criteria
        for assignment in AssessorAssignment.objects.filter(application=application, removed_at__isnull=True,
                                                            declaration__has_conflict=False))
    if not complete:
        errors["scores"] = _("At least one assessor must score every criterion before the panel recommends")
    if errors:
        raise ValidationError(errors)
    previous = application.status
    target = ApplicationStatus.RECOMMENDED if recommended else ApplicationStatus.NOT_RECOMMENDED
    transition(application, target)
    recommendation = Recommendation.objects.create(application=application, recommended=recommended,
                                                   amount=amount, notes=notes, recorded_by=actor)
    audit_record(actor=actor, action="funds.application_recommended", target=application,
                 changes={"status": [previous, target]}, metadata={"notes": notes, "amount": amount})
    return recommendation
