"""Providers' pages: choosing a lot to bid for, the bid's question pages (the organisation's size, an answer per
criterion, the price), checking the answers and submitting, and the organisation's bids."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.core.permissions import get_object_or_404_for

from . import dates, selectors
from .forms import AnswerForm, BidStartForm, ConfirmForm, PriceForm, SupplierForm
from .models import Bid, BidStatus, CriterionKind, SupplierKind
from .services import (
    bid_answer,
    bid_problems,
    bid_set_price,
    bid_start,
    bid_submit,
    supplier_record,
)
from .views import exercise_for


def _posted(request):
    return request.POST if request.method == "POST" else None


def _bid(request, pk, perm: str = "services_commissioning.change_bid") -> Bid:
    return get_object_or_404_for(request.user, perm, Bid.objects.select_related(
        "lot__exercise__service__owner", "organisation"), pk=pk)


def _bid_url(bid: Bid) -> str:
    return reverse("services:commissioning-bid", kwargs={"pk": bid.pk})


@login_required
def bid_choose(request, reference):
    """The lots of an open exercise, with a button to bid for each in the name of each organisation the person
    administers; a bid already started is continued."""
    exercise = exercise_for(request, reference)
    organisations = list(selectors.bidding_organisations(request.user))
    lots = list(exercise.lots.all())
    form = BidStartForm(_posted(request), lots=lots, organisations=organisations)
    errors = []
    if request.method == "POST":
        if form.is_valid():
            lot = next(lot for lot in lots if lot.pk == form.cleaned_data["lot"])
            organisation = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
            try:
                bid = bid_start(actor=request.user, lot=lot, organisation=organisation)
            except ValidationError as error:
                errors = error.messages
            else:
                return redirect(_bid_url(bid))
        else:
            errors = [m for messages_ in form.errors.values() for m in messages_]
    started = {(b.lot_id, b.organisation_id): b for b in Bid.objects.filter(lot__in=lots,
                                                                           organisation__in=organisations)}
    rows = [{"lot": lot, "choices": [{"organisation": o, "bid": started.get((lot.pk, o.pk))} for o in organisations]}
            for lot in lots]
    timing = selectors.timing(exercise)
    return render(request, "services/commissioning/bid_choose.html", {
        "exercise": exercise, "rows": rows, "organisations": organisations, "errors": errors, "timing": timing,
        "open": timing.phase == dates.Phase.OPEN,
    })


@login_required
def your_bids(request):
    return render(request, "services/commissioning/your_bids.html", {
        "bids": selectors.bids_of(request.user),
        "organisations": selectors.bidding_organisations(request.user)})


def _tasks(bid: Bid) -> list[dict]:
    exercise = bid.lot.exercise
    answers = {a.criterion_id: a for a in bid.answers.all()}
    kind = selectors.supplier_kind_of(bid.organisation)
    tasks = [{"text": _("Size or kind of %(name)s") % {"name": bid.organisation.name}, "done": bool(kind),
              "url": reverse("services:commissioning-bid-supplier", kwargs={"pk": bid.pk}), "key": "supplier"}]
    for criterion in exercise.criteria.all():
        if criterion.kind == CriterionKind.PRICE:
            continue
        tasks.append({"text": criterion.name, "done": criterion.pk in answers,
                      "url": reverse("services:commissioning-bid-answer", kwargs={"pk": bid.pk,
                                                                                   "criterion": criterion.pk}),
                      "key": f"answer-{criterion.pk}", "criterion": criterion, "answer": answers.get(criterion.pk)})
    tasks.append({"text": _("Price"), "done": bid.price is not None,
                  "url": reverse("services:commissioning-bid-price", kwargs={"pk": bid.pk}), "key": "price"})
    return tasks


@login_required
def bid_tasks(request, pk):
    """A bid's task list while it is a draft; once submitted, what was submitted."""
    bid = _bid(request, pk)
    exercise = bid.lot.exercise
    return render(request, "services/commissioning/bid.html", {
        "bid": bid, "exercise": exercise, "tasks": _tasks(bid), "timing": selectors.timing(exercise),
        "submitted": bid.status == BidStatus.SUBMITTED,
        "kind": selectors.supplier_kind_of(bid.organisation),
    })


def _draft(request, pk) -> Bid:
    bid = _bid(request, pk)
    if bid.status == BidStatus.SUBMITTED:
        raise Http404
    return bid


def _question_page(request, bid, form, title):
    return render(request, "services/commissioning/bid_question.html", {
        "bid": bid, "exercise": bid.lot.exercise, "form": form, "title": title})


@login_required
def bid_supplier(request, pk):
    bid = _draft(request, pk)
    organisation = bid.organisation
    form = SupplierForm(_posted(request), organisation=organisation.name,
                        initial={"kind": selectors.supplier_kind_of(organisation)})
    if request.method == "POST" and form.is_valid():
        try:
            supplier_record(actor=request.user, organisation=organisation, kind=form.cleaned_data["kind"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_bid_url(bid))
    return _question_page(request, bid, form, form.fields["kind"].label)


@login_required
def bid_answer_page(request, pk, criterion):
    bid = _draft(request, pk)
    criterion = bid.lot.exercise.criteria.exclude(kind=CriterionKind.PRICE).filter(pk=criterion).first()
    if criterion is None:
        raise Http404
    answer = bid.answers.filter(criterion=criterion).first()
    form = AnswerForm(_posted(request), criterion=criterion, initial={"text": answer.text if answer else ""})
    if request.method == "POST" and form.is_valid():
        try:
            bid_answer(actor=request.user, bid=bid, criterion=criterion, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_bid_url(bid))
    return _question_page(request, bid, form, criterion.name)


@login_required
def bid_price(request, pk):
    bid = _draft(request, pk)
    form = PriceForm(_posted(request), initial={"price": f"{bid.price:f}" if bid.price is not None else ""})
    if request.method == "POST" and form.is_valid():
        try:
            bid_set_price(actor=request.user, bid=bid, price=form.cleaned_data["price"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_bid_url(bid))
    return _question_page(request, bid, form, _("Price"))


@login_required
def bid_check(request, pk):
    """Check your answers, then submit; what is still missing is listed with where to answer it."""
    bid = _draft(request, pk)
    form = ConfirmForm(_posted(request), button=_("Submit the bid"))
    tasks = _tasks(bid)
    errors = []
    if request.method == "POST":
        try:
            bid_submit(actor=request.user, bid=bid)
        except ValidationError as error:
            urls = {task["key"]: task["url"] for task in tasks}
            for key, problems in error.message_dict.items():
                errors += [{"text": problem, "href": urls.get(key, "")} for problem in problems]
        else:
            messages.success(request, _("Your bid for lot %(n)s of %(title)s is submitted. It stays sealed until "
                                        "bids close") % {"n": bid.lot.number, "title": bid.lot.exercise.title})
            return redirect(_bid_url(bid))
    urls = {task["key"]: task["url"] for task in tasks}
    kind = selectors.supplier_kind_of(bid.organisation)
    missing = [{"text": p, "href": urls.get(key, "")} for key, ps in bid_problems(bid).items() for p in ps]
    return render(request, "services/commissioning/bid_check.html", {
        "bid": bid, "exercise": bid.lot.exercise, "tasks": tasks, "form": form, "errors": errors,
        "missing": missing, "kind": kind, "kind_label": SupplierKind(kind).label if kind else "",
        "closes": dates.countdown(bid.lot.exercise.bids_close_on, timezone.localdate()),
    })
