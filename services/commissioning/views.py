"""Public pages of commissioning: the exercises and each one's page (criteria, weights, method, status and awards),
following an exercise, and each council's spend with SMEs and VCSEs. The bidders', evaluators' and officers' pages
are in views_bids, views_evaluation and views_officers."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from covenant.core.permissions import get_object_or_404_for
from services.catalogue.selectors import council_by_key, council_key
from services.following import follow_add, follow_remove, is_following

from . import dates, selectors
from .models import Exercise, ExerciseStatus, Reservation, SupplierKind


def exercise_for(request, reference: str, perm: str = "services_commissioning.view_exercise") -> Exercise:
    """The exercise if the person may `perm` it; the same 404 for missing and forbidden."""
    return get_object_or_404_for(request.user, perm, Exercise.objects.select_related("service__owner"),
                                 reference=reference)


def exercise_list(request):
    """Published exercises, those taking bids first."""
    today = timezone.localdate()
    groups = {dates.Phase.OPEN: [], dates.Phase.UPCOMING: [], dates.Phase.CLOSED: [], "awarded": [],
              dates.Phase.CANCELLED: []}
    for exercise in selectors.published_exercises().order_by("bids_close_on", "pk"):
        phase = "awarded" if exercise.status == ExerciseStatus.AWARDED else dates.bids_phase(exercise, today)
        groups[phase].append((exercise, selectors.timing(exercise, today)))
    groups["awarded"].reverse()
    return render(request, "services/commissioning/list.html", {
        "open": groups[dates.Phase.OPEN], "upcoming": groups[dates.Phase.UPCOMING],
        "closed": groups[dates.Phase.CLOSED], "awarded": groups["awarded"],
        "cancelled": groups[dates.Phase.CANCELLED][::-1],
        "can_commission": request.user.has_perm("services_commissioning.commission"),
        "councils": selectors.spend_councils(),
    })


def exercise_detail(request, reference):
    exercise = exercise_for(request, reference)
    today = timezone.localdate()
    timing = selectors.timing(exercise, today)
    lots = []
    for lot in exercise.lots.all():
        award = getattr(lot, "award", None)
        bids = lot.bids.filter(status="submitted").count() if timing.phase == dates.Phase.CLOSED else None
        lots.append({"lot": lot, "award": award, "bids": bids,
                     "standstill_starts": award and dates.contract_may_start_on(award.notice_on)})
    user = request.user
    return render(request, "services/commissioning/exercise.html", {
        "exercise": exercise, "timing": timing, "criteria": list(exercise.criteria.all()), "lots": lots,
        "phase": timing.phase, "Phase": dates.Phase, "following": is_following(user, exercise),
        "can_manage": user.has_perm("services_commissioning.manage_exercise", exercise),
        "is_evaluator": user.has_perm("services_commissioning.evaluate_exercise", exercise),
        "may_bid": timing.phase == dates.Phase.OPEN and (not user.is_authenticated
                                                         or selectors.bidding_organisations(user).exists()),
        "reservations": Reservation, "standstill_days": dates.STANDSTILL_WORKING_DAYS,
        "social_value": sum(c.weight for c in exercise.criteria.all() if c.kind == "social_value"),
    })


@login_required
@require_POST
def exercise_follow(request, reference):
    exercise = exercise_for(request, reference)
    if is_following(request.user, exercise):
        follow_remove(actor=request.user, target=exercise)
        messages.success(request, _("You no longer follow %(title)s") % {"title": exercise.title})
    else:
        follow_add(actor=request.user, target=exercise)
        messages.success(request, _("You follow %(title)s. We will tell you when bids open and close and when it "
                                    "is awarded") % {"title": exercise.title})
    return redirect(selectors.exercise_url(exercise))


def award_ranking(request, reference, number):
    """The published ranking of a lot's bids, as it stood when the award was confirmed."""
    exercise = exercise_for(request, reference)
    lot = exercise.lots.filter(number=number).select_related("award", "award__bid__organisation").first()
    if lot is None or getattr(lot, "award", None) is None:
        raise Http404
    return render(request, "services/commissioning/ranking.html", {
        "exercise": exercise, "lot": lot, "award": lot.award, "ranking": lot.award.ranking,
        "kinds": dict(SupplierKind.choices)})


# Spend with SMEs and VCSEs ----------------------------------------------------------------------------------------

def _council(key):
    council = council_by_key(key)
    if council is None:
        raise Http404
    return council


def spend(request, council):
    """A council's awarded spend by kind of provider, against its target for SMEs and VCSEs."""
    organisation = _council(council)
    return render(request, "services/commissioning/spend.html", {
        "council": organisation, "key": council_key(organisation), "report": selectors.council_spend(organisation),
        "awards": selectors.council_awards(organisation)[:50],
        "can_set_target": request.user.has_perm("services_commissioning.set_spend_target", organisation),
    })


SPEND_COLUMNS = ("exercise", "title", "lot", "lot_title", "supplier", "supplier_org_id", "supplier_kind",
                 "supplier_kind_label", "contract_value", "notice_on", "financial_year", "sme_or_vcse")


def spend_csv(request, council):
    organisation = _council(council)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="spend-{council_key(organisation).lower()}.csv"'
    # A byte order mark so spreadsheet programs read the file as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(SPEND_COLUMNS)
    for row in selectors.spend_csv_rows(organisation):
        writer.writerow([f"'{cell}" if cell[:1] in ("=", "+", "-", "@") else cell for cell in row])
    return response

