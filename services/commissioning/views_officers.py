"""Officers' pages: their exercises, setting one up (details, criteria, lots, evaluators) and publishing it, the
evaluation's progress and ranking, confirming each lot's award, removing evaluators, cancelling an exercise, and the
council's spend target."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from covenant.accounts.decorators import staff_area
from covenant.core.permissions import permission_required_or_404
from services.catalogue.selectors import council_by_key, council_key

from . import dates, scoring, selectors
from .forms import (
    DEFAULT_METHOD,
    AwardForm,
    CancelForm,
    ConfirmForm,
    CriteriaForm,
    EvaluatorForm,
    ExerciseForm,
    LotsForm,
    RemoveEvaluatorForm,
    SpendTargetForm,
)
from .models import Evaluator, Exercise, ExerciseStatus
from .services import (
    award_confirm,
    criteria_set,
    evaluator_assign,
    evaluator_remove,
    exercise_cancel,
    exercise_create,
    exercise_publish,
    exercise_update,
    lots_set,
    publishing_problems,
    spend_target_set,
)
from .views import exercise_for


def _posted(request):
    return request.POST if request.method == "POST" else None


def _manage_url(exercise: Exercise) -> str:
    return reverse("services:commissioning-manage-exercise", kwargs={"reference": exercise.reference})


@staff_area
@permission_required_or_404("services_commissioning.commission")
def manage(request):
    today = timezone.localdate()
    exercises = [(e, selectors.timing(e, today)) for e in selectors.exercises_managed_by(request.user)]
    councils = [(o, council_key(o)) for o in selectors.catalogue.managed_organisations(request.user)]
    return render(request, "services/commissioning/manage.html", {"exercises": exercises, "councils": councils})


@staff_area
@permission_required_or_404("services_commissioning.commission")
def exercise_new(request):
    services = selectors.services_to_commission(request.user)
    form = ExerciseForm(_posted(request), services=services, button=_("Save and continue"),
                        initial={"method": DEFAULT_METHOD, "scale_max": 5,
                                 "service": request.GET.get("service") or None})
    if request.method == "POST" and form.is_valid():
        try:
            exercise = exercise_create(actor=request.user, service=form.cleaned_data["service"],
                                       **form.exercise_data())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_manage_url(exercise))
    return render(request, "services/commissioning/officer_form.html", {
        "form": form, "title": _("Set up a commissioning exercise"), "back_url": reverse(
            "services:commissioning-manage"), "has_services": services.exists()})


@staff_area
def exercise_manage(request, reference):
    """The officer's view of an exercise: the set-up task list while a draft, then evaluation and awards."""
    exercise = exercise_for(request, reference, "services_commissioning.manage_exercise")
    today = timezone.localdate()
    phase = dates.bids_phase(exercise, today)
    lots = []
    for lot in exercise.lots.all():
        award = getattr(lot, "award", None)
        entry = {"lot": lot, "award": award, "bids": selectors.submitted_bids(lot).count()}
        if phase == dates.Phase.CLOSED and award is None:
            entry["missing"] = selectors.missing_scores(lot)
        lots.append(entry)
    evaluators = list(exercise.evaluators.select_related("user"))
    return render(request, "services/commissioning/manage_exercise.html", {
        "exercise": exercise, "timing": selectors.timing(exercise, today), "phase": phase, "Phase": dates.Phase,
        "problems": publishing_problems(exercise, today=today) if exercise.status == ExerciseStatus.DRAFT else {},
        "criteria": list(exercise.criteria.all()), "lots": lots, "evaluators": evaluators,
        "is_draft": exercise.status == ExerciseStatus.DRAFT,
        "may_cancel": exercise.status == ExerciseStatus.PUBLISHED and not any(entry["award"] for entry in lots),
    })


def _draft_exercise(request, reference) -> Exercise:
    return exercise_for(request, reference, "services_commissioning.change_exercise")


@staff_area
def exercise_details(request, reference):
    exercise = _draft_exercise(request, reference)
    form = ExerciseForm(_posted(request), button=_("Save and continue"), initial={
        "title": exercise.title, "description": exercise.description, "value": f"{exercise.value:f}",
        "bids_open_on": exercise.bids_open_on, "bids_close_on": exercise.bids_close_on,
        "scale_max": exercise.scale_max, "method": exercise.method})
    if request.method == "POST" and form.is_valid():
        try:
            exercise_update(actor=request.user, exercise=exercise, **form.exercise_data())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_manage_url(exercise))
    return render(request, "services/commissioning/officer_form.html", {
        "form": form, "exercise": exercise, "title": _("Details of the exercise"), "back_url": _manage_url(exercise),
        "has_services": True})


@staff_area
def exercise_criteria(request, reference):
    exercise = _draft_exercise(request, reference)
    initial = {}
    for index, criterion in enumerate(exercise.criteria.all()):
        for name in CriteriaForm.row_fields:
            initial[f"criteria-{index}-{name}"] = getattr(criterion, name)
    form = CriteriaForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            criteria_set(actor=request.user, exercise=exercise, criteria=form.values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_manage_url(exercise))
    return render(request, "services/commissioning/criteria.html", {"form": form, "exercise": exercise})


@staff_area
def exercise_lots(request, reference):
    exercise = _draft_exercise(request, reference)
    initial = {}
    for index, lot in enumerate(exercise.lots.all()):
        for name in LotsForm.row_fields:
            value = getattr(lot, name)
            initial[f"lots-{index}-{name}"] = "" if value is None else (f"{value:f}" if name == "value" else value)
    form = LotsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lots_set(actor=request.user, exercise=exercise, lots=form.values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_manage_url(exercise))
    return render(request, "services/commissioning/lots.html", {"form": form, "exercise": exercise})


@staff_area
def exercise_evaluators(request, reference):
    exercise = exercise_for(request, reference, "services_commissioning.manage_exercise")
    form = EvaluatorForm(_posted(request), officers=selectors.possible_evaluators(exercise),
                         council=exercise.service.owner.name)
    if request.method == "POST" and form.is_valid():
        try:
            evaluator = evaluator_assign(actor=request.user, exercise=exercise, user=form.cleaned_data["user"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(name)s is an evaluator of %(title)s") % {
                "name": evaluator.user.display_name, "title": exercise.title})
            return redirect(reverse("services:commissioning-manage-evaluators",
                                    kwargs={"reference": exercise.reference}))
    return render(request, "services/commissioning/evaluators.html", {
        "exercise": exercise, "form": form, "evaluators": exercise.evaluators.select_related("user"),
        "can_add": exercise.status not in (ExerciseStatus.AWARDED, ExerciseStatus.CANCELLED),
        "can_remove": exercise.status not in (ExerciseStatus.AWARDED, ExerciseStatus.CANCELLED)})


@staff_area
def evaluator_remove_page(request, reference, pk):
    """Remove an evaluator before the award: with a reason once they have scored, whose scores then stop
    counting."""
    exercise = exercise_for(request, reference, "services_commissioning.manage_exercise")
    evaluator = get_object_or_404(Evaluator.objects.select_related("user"), pk=pk, exercise=exercise,
                                  removed_at__isnull=True)
    scored = evaluator.scores.count()
    form = RemoveEvaluatorForm(_posted(request), scored=bool(scored))
    back = reverse("services:commissioning-manage-evaluators", kwargs={"reference": exercise.reference})
    if request.method == "POST" and form.is_valid():
        try:
            evaluator_remove(actor=request.user, evaluator=evaluator, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(name)s is no longer an evaluator of %(title)s") % {
                "name": evaluator.user.display_name, "title": exercise.title})
            return redirect(back)
    intro = [ngettext("They have given %(count)s score. It will no longer count in the ranking.",
                      "They have given %(count)s scores. They will no longer count in the ranking.", scored)
             % {"count": scored} if scored else _("They have not scored any bid yet.")]
    return render(request, "services/commissioning/officer_form.html", {
        "form": form, "exercise": exercise, "back_url": back, "has_services": True, "intro": intro,
        "title": _("Remove %(name)s as an evaluator?") % {"name": evaluator.user.display_name}})


@staff_area
def exercise_cancel_page(request, reference):
    """Cancel a published exercise before its award, with the reason everyone reads on its page."""
    exercise = exercise_for(request, reference, "services_commissioning.manage_exercise")
    if exercise.status != ExerciseStatus.PUBLISHED:
        raise Http404
    form = CancelForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            exercise_cancel(actor=request.user, exercise=exercise, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(title)s is cancelled. Its bidders and followers are told") % {
                "title": exercise.title})
            return redirect(_manage_url(exercise))
    return render(request, "services/commissioning/officer_form.html", {
        "form": form, "exercise": exercise, "back_url": _manage_url(exercise), "has_services": True,
        "title": _("Cancel %(title)s?") % {"title": exercise.title},
        "intro": [_("No contract is awarded through it. Bids can no longer be made, submitted or scored, and "
                    "nothing already sent is deleted. This cannot be undone.")]})


@staff_area
def exercise_publish_page(request, reference):
    """Check the set-up as bidders will read it, then publish; what still blocks it is listed."""
    exercise = _draft_exercise(request, reference)
    form = ConfirmForm(_posted(request), button=_("Publish the exercise"))
    errors = []
    if request.method == "POST":
        try:
            exercise_publish(actor=request.user, exercise=exercise)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(title)s is published. Bids open on %(date)s") % {
                "title": exercise.title, "date": date_format(exercise.bids_open_on, "j F Y")})
            return redirect(selectors.exercise_url(exercise))
    return render(request, "services/commissioning/publish.html", {
        "exercise": exercise, "form": form, "errors": errors, "criteria": list(exercise.criteria.all()),
        "lots": list(exercise.lots.all()), "problems": publishing_problems(exercise)})


@staff_area
def lot_award(request, reference, number):
    """The lot's ranking by the published method, and confirming its award to the most advantageous tender."""
    exercise = exercise_for(request, reference, "services_commissioning.manage_exercise")
    lot = exercise.lots.filter(number=number).first()
    if lot is None:
        raise Http404
    if getattr(lot, "award", None) is not None:
        return redirect(reverse("services:commissioning-ranking", kwargs={"reference": reference, "number": number}))
    ranking = scoring.lot_ranking(lot)
    form = AwardForm(_posted(request), initial={"contract_value": f"{ranking[0].bid.price:f}" if ranking else ""})
    if request.method == "POST" and form.is_valid():
        try:
            award = award_confirm(actor=request.user, lot=lot, contract_value=form.cleaned_data["contract_value"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Lot %(n)s is awarded to %(name)s. The standstill ends on %(date)s") % {
                "n": lot.number, "name": award.bid.organisation.name,
                "date": date_format(award.standstill_ends_on, "j F Y")})
            return redirect(selectors.exercise_url(exercise))
    phase = dates.bids_phase(exercise, timezone.localdate())
    today = timezone.localdate()
    return render(request, "services/commissioning/award.html", {
        "exercise": exercise, "lot": lot, "ranking": ranking, "form": form, "phase": phase, "Phase": dates.Phase,
        "missing": selectors.missing_scores(lot) if phase == dates.Phase.CLOSED else [],
        "may_award": request.user.has_perm("services_commissioning.award_lot", lot),
        "criteria": list(exercise.criteria.all()), "standstill_ends": dates.standstill_ends_on(today),
        "notice_on": today,
    })


@staff_area
def spend_target(request, council):
    organisation = council_by_key(council)
    if organisation is None or not request.user.has_perm("services_commissioning.set_spend_target", organisation):
        raise Http404
    form = SpendTargetForm(_posted(request), initial={"percent": selectors.spend_target(organisation)})
    if request.method == "POST" and form.is_valid():
        try:
            target = spend_target_set(actor=request.user, organisation=organisation,
                                      percent=form.cleaned_data["percent"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The target is now %(percent)s%%") % {"percent": target.percent})
            return redirect(reverse("services:commissioning-spend", kwargs={"council": council_key(organisation)}))
    return render(request, "services/commissioning/officer_form.html", {
        "form": form, "title": _("Target for spend with SMEs and VCSEs"), "organisation": organisation,
        "back_url": reverse("services:commissioning-spend", kwargs={"council": council_key(organisation)}),
        "has_services": True, "heading_in_form": True})
