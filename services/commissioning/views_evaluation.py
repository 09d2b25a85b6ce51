"""Evaluators' pages: the exercises they evaluate, the declaration of conflicts of interest (before any bid is
shown), and scoring each bid against each criterion with a comment."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.accounts.decorators import staff_area
from covenant.core.permissions import get_object_or_404_for, permission_required_or_404

from . import dates, selectors
from .forms import ConflictForm, ScoreForm
from .models import Bid, BidStatus, Score
from .services import conflict_declare, scores_record
from .views import exercise_for


def _posted(request):
    return request.POST if request.method == "POST" else None


@staff_area
@permission_required_or_404("services_commissioning.commission")
def evaluations(request):
    """The exercises the officer was asked to evaluate, with what is waiting for them."""
    today = timezone.localdate()
    rows = [{"evaluator": e, "exercise": e.exercise, "timing": selectors.timing(e.exercise, today)}
            for e in selectors.evaluations_of(request.user)]
    return render(request, "services/commissioning/evaluations.html", {"rows": rows})


def _evaluation_url(exercise) -> str:
    return reverse("services:commissioning-evaluate", kwargs={"reference": exercise.reference})


@staff_area
def evaluate(request, reference):
    """Declare conflicts once bids close (the bidders are named, nothing of their bids), then the bids to score."""
    exercise = exercise_for(request, reference, "services_commissioning.evaluate_exercise")
    evaluator = selectors.evaluator_of(request.user, exercise)
    phase = dates.bids_phase(exercise, timezone.localdate())
    form = ConflictForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            conflict_declare(actor=request.user, exercise=exercise, has_conflict=form.conflict,
                             details=form.cleaned_data["details"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if form.conflict:
                messages.success(request, _("Your conflict of interest is recorded. You are no longer an evaluator "
                                            "of %(title)s") % {"title": exercise.title})
                return redirect(reverse("services:commissioning-evaluations"))
            messages.success(request, _("You declared no conflict of interest. You can now read and score the bids"))
            return redirect(_evaluation_url(exercise))
    lots = []
    if phase == dates.Phase.CLOSED:
        mine = set(Score.objects.filter(evaluator=evaluator).values_list("bid_id", "criterion_id"))
        criteria = [c.pk for c in selectors.scored_criteria(exercise)]
        for lot in exercise.lots.all():
            bids = [{"bid": bid, "scored": all((bid.pk, c) in mine for c in criteria)}
                    for bid in selectors.submitted_bids(lot)]
            lots.append({"lot": lot, "bids": bids, "awarded": hasattr(lot, "award")})
    return render(request, "services/commissioning/evaluate.html", {
        "exercise": exercise, "evaluator": evaluator, "form": form, "phase": phase, "Phase": dates.Phase,
        "lots": lots, "timing": selectors.timing(exercise),
        "bidders": sorted({row["bid"].organisation.name for lot in lots for row in lot["bids"]}),
    })


@staff_area
def score(request, reference, pk):
    """One bid's answers and price beside a score and comment for each criterion."""
    exercise = exercise_for(request, reference, "services_commissioning.evaluate_exercise")
    bid = get_object_or_404_for(request.user, "services_commissioning.score_bid", Bid.objects.select_related(
        "lot__exercise", "organisation"), pk=pk, lot__exercise=exercise, status=BidStatus.SUBMITTED)
    evaluator = selectors.evaluator_of(request.user, exercise)
    criteria = selectors.scored_criteria(exercise)
    existing = {s.criterion_id: s for s in Score.objects.filter(evaluator=evaluator, bid=bid)}
    initial = {}
    for criterion_id, given in existing.items():
        initial[f"score-{criterion_id}"] = str(given.score)
        initial[f"comment-{criterion_id}"] = given.comment
    form = ScoreForm(_posted(request), criteria=criteria, scale_max=exercise.scale_max, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scores_record(actor=request.user, bid=bid, scores=form.scores())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your scores for %(name)s's bid are saved") % {"name": bid.organisation.name})
            return redirect(_evaluation_url(exercise))
    answers = {a.criterion_id: a.text for a in bid.answers.all()}
    return render(request, "services/commissioning/score.html", {
        "exercise": exercise, "bid": bid, "form": form,
        "rows": [{**row, "answer": answers.get(row["criterion"].pk, "")} for row in form.rows()],
    })
