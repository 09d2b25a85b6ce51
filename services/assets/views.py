"""Pages of assets of community value: the public register on a map with its exports and the list of unsuccessful
nominations, each asset's page with its dates, nominating through a task list, requests to bid, and the
council's queue, decisions, reviews and owners' notices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from covenant.accounts.decorators import staff_area
from covenant.core.permissions import get_object_or_404_for, permission_required_or_404
from services.catalogue.selectors import managed_organisations
from services.following import follow_add, follow_remove, is_following

from . import dates, eligibility, export, selectors, services
from .forms import (
    BidForm,
    DecideForm,
    LandForm,
    LocationForm,
    MembersForm,
    NominatorForm,
    NoticeForm,
    OwnerForm,
    ReasonsForm,
    ReviewDecideForm,
    ReviewRequestForm,
    StartForm,
)
from .models import Asset, AssetStatus, NominatorKind

# The task list's question pages: address, title, form, and the draft's values it starts from.
QUESTIONS = {
    "land": (gettext_lazy("The land or building"), LandForm, ("name", "description", "address", "postcode")),
    "owner": (gettext_lazy("Who owns it"), OwnerForm, ("owner_known", "owner_name", "owner_address")),
    "reasons": (gettext_lazy("Why it is of community value"), ReasonsForm, ("current_use", "future_use")),
}
# Where each of the submission's error keys is fixed.
FIX_ON = {"nominator": "nominator", "members": "members", "name": "land", "address": "land", "location": "location",
          "owner": "owner", "current_use": "reasons", "future_use": "reasons"}


def _posted(request):
    return request.POST if request.method == "POST" else None


def _asset(request, pk, perm: str) -> Asset:
    """The asset if the person may `perm` it; the same 404 for missing and forbidden."""
    return get_object_or_404_for(request.user, perm, selectors._with_related(Asset.objects.all()), pk=pk)


def _url(name: str, asset: Asset) -> str:
    return reverse(f"services:asset-{name}", kwargs={"pk": asset.pk})


def _yes_no(value) -> str:
    return "" if value is None else ("yes" if value else "no")


# Public pages ---------------------------------------------------------------------------------------------------

def asset_register(request):
    """The register: listed assets on a map and in a list, nominations being considered, and past entries."""
    entries = selectors.register()
    areas = [area for area in (selectors.map_area(asset) for asset in entries.listed + entries.nominated) if area]
    return render(request, "services/assets/register.html", {
        "register": entries, "areas": areas,
        "can_nominate": request.user.has_perm("services_assets.add_asset"),
        "is_officer": request.user.has_perm("services_assets.view_queue"),
    })


def asset_unsuccessful(request):
    return render(request, "services/assets/unsuccessful.html", {"assets": selectors.unsuccessful()})


def asset_export_csv(request):
    response = HttpResponse(export.as_csv(export.entities()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.DATASET}.csv"'
    return response


def asset_export_json(request):
    return JsonResponse(export.as_json(export.entities()), json_dumps_params={"ensure_ascii": False})


def asset_detail(request, pk):
    asset = _asset(request, pk, "services_assets.view_asset")
    if asset.is_draft:
        return redirect(_url("tasks", asset))
    today = timezone.localdate()
    notice = selectors.latest_notice(asset)
    moratorium = selectors.moratorium_of(notice)
    area = selectors.map_area(asset, link=False)
    return render(request, "services/assets/detail.html", {
        "asset": asset, "steps": selectors.timeline(asset), "notice": notice, "moratorium": moratorium,
        "moratorium_text": selectors.moratorium_text(moratorium, today=today) if moratorium else "",
        "bid_requests": selectors.bid_requests(notice), "today": today,
        "current": selectors.is_current(asset, today=today),
        "deadline": selectors.decision_deadline(asset, today=today),
        "areas": [area] if area else [], "following": is_following(request.user, asset),
        "can_bid": bool(moratorium and moratorium.request_in_time(today)
                        and request.user.has_perm("services_assets.request_bid", asset)),
        "can_review": request.user.has_perm("services_assets.review_asset", asset),
        "private": request.user.has_perm("services_assets.view_private", asset),
    })


@login_required
@require_POST
def asset_follow(request, pk):
    asset = _asset(request, pk, "services_assets.view_asset")
    if asset.is_draft:
        raise Http404
    if is_following(request.user, asset):
        follow_remove(actor=request.user, target=asset)
        messages.success(request, _("You no longer follow %(asset)s") % {"asset": asset.name})
    else:
        follow_add(actor=request.user, target=asset)
        messages.success(request, _("You follow %(asset)s. We will tell you when it moves on") % {"asset": asset.name})
    return redirect(_url("detail", asset))


def _bid(request, pk, *, officer: bool):
    asset = _asset(request, pk, "services_assets.view_asset")
    if officer and not request.user.has_perm("services_assets.record_notice", asset):
        raise Http404
    if not officer and not request.user.has_perm("services_assets.request_bid", asset):
        raise Http404
    notice = selectors.latest_notice(asset)
    moratorium = selectors.moratorium_of(notice)
    organisations = [] if officer else list(selectors.nominator_organisations(request.user).filter(
        verification_status="verified"))
    form = BidForm(_posted(request), organisations=organisations, officer=officer)
    if request.method == "POST" and form.is_valid():
        try:
            services.bid_request(actor=request.user, asset=asset, **form.arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The request to be treated as a potential bidder is recorded"))
            return redirect(_url("council" if officer else "detail", asset))
    return render(request, "services/assets/bid.html", {"form": form, "asset": asset, "notice": notice,
                                                        "moratorium": moratorium, "officer": officer})


@login_required
def asset_bid(request, pk):
    """A community group asks to be treated as a potential bidder, during the interim moratorium."""
    return _bid(request, pk, officer=False)


# Nominating ----------------------------------------------------------------------------------------------------

@login_required
@permission_required_or_404("services_assets.add_asset")
def asset_start(request):
    councils = selectors.councils()
    form = StartForm(_posted(request), councils=councils)
    if request.method == "POST" and form.is_valid():
        council = next(c for c in councils if c.pk == form.cleaned_data["council"])
        try:
            asset = services.asset_start(actor=request.user, council=council)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_url("tasks", asset))
    return render(request, "services/assets/start.html", {"form": form})


def _tasks(asset: Asset, state: selectors.DraftState) -> list[dict]:
    rows = [("nominator", _("Who is nominating"), "nominator")]
    if asset.nominator_kind == NominatorKind.GROUP:
        rows.append(("members", _("The group's members"), "members"))
    rows += [("land", _("The land or building"), "name"), ("location", _("Where it is"), "location"),
             ("owner", _("Who owns it"), "owner"), ("reasons", _("Why it is of community value"), "current_use")]
    tasks = []
    for key, title, missing in rows:
        done = missing not in state.missing and not (key == "land" and "address" in state.missing) and not (
            key == "reasons" and "future_use" in state.missing)
        tasks.append({"key": key, "title": title, "done": done, "url": _url(key, asset)})
    return tasks


@login_required
def asset_tasks(request, pk):
    asset = _asset(request, pk, "services_assets.view_asset")
    if not asset.is_draft:
        return redirect(_url("detail", asset))
    if not request.user.has_perm("services_assets.change_asset", asset):
        raise Http404
    state = selectors.draft_state(asset)
    return render(request, "services/assets/tasks.html", {"asset": asset, "state": state,
                                                          "tasks": _tasks(asset, state)})


@login_required
def asset_nominator(request, pk):
    asset = _asset(request, pk, "services_assets.change_asset")
    organisations = list(selectors.nominator_organisations(request.user))
    form = NominatorForm(_posted(request), organisations=organisations, initial={
        "kind": asset.nominator_kind, "organisation": asset.organisation_id,
        "group_name": asset.group_name if asset.nominator_kind == NominatorKind.GROUP else "",
        "not_for_profit": asset.not_for_profit, "local_connection": asset.local_connection})
    if request.method == "POST" and form.is_valid():
        try:
            asset = services.asset_set_nominator(actor=request.user, asset=asset, **form.arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if asset.nominator_kind == NominatorKind.GROUP and not asset.members.exists():
                return redirect(_url("members", asset))
            return redirect(_url("tasks", asset))
    return render(request, "services/assets/nominator.html", {
        "form": form, "asset": asset, "categories": [(o, eligibility.category_of(o)) for o in organisations]})


@login_required
def asset_members(request, pk):
    asset = _asset(request, pk, "services_assets.change_asset")
    if asset.nominator_kind != NominatorKind.GROUP:
        raise Http404
    initial = "\n".join(f"{m.name}, {m.postcode}" for m in asset.members.all())
    form = MembersForm(_posted(request), initial={"members": initial})
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_set_members(actor=request.user, asset=asset, members=form.cleaned_data["members"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_url("tasks", asset))
    return render(request, "services/assets/question.html", {"form": form, "asset": asset,
                                                             "title": _("The group's members")})


def _question(request, pk, key):
    asset = _asset(request, pk, "services_assets.change_asset")
    title, form_class, fields = QUESTIONS[key]
    initial = {field: getattr(asset, field) for field in fields}
    if "owner_known" in initial:
        initial["owner_known"] = _yes_no(initial["owner_known"])
    form = form_class(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_update(actor=request.user, asset=asset, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_url("tasks", asset))
    return render(request, "services/assets/question.html", {"form": form, "asset": asset, "title": str(title),
                                                             "key": key})


@login_required
def asset_land(request, pk):
    return _question(request, pk, "land")


@login_required
def asset_owner(request, pk):
    return _question(request, pk, "owner")


@login_required
def asset_reasons(request, pk):
    return _question(request, pk, "reasons")


@login_required
def asset_location(request, pk):
    asset = _asset(request, pk, "services_assets.change_asset")
    form = LocationForm(_posted(request), initial={
        "latitude": "" if asset.latitude is None else asset.latitude,
        "longitude": "" if asset.longitude is None else asset.longitude, "boundary": asset.boundary})
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_set_location(actor=request.user, asset=asset, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_url("tasks", asset))
    area = selectors.map_area(asset, link=False)
    return render(request, "services/assets/location.html", {"form": form, "asset": asset,
                                                             "areas": [area] if area else []})


@login_required
def asset_check(request, pk):
    """Check your answers, then send the nomination; what still blocks it says where to fix it."""
    asset = _asset(request, pk, "services_assets.change_asset")
    errors = []
    if request.method == "POST":
        try:
            services.asset_submit(actor=request.user, asset=asset)
        except ValidationError as error:
            for key, problems in error.message_dict.items():
                href = _url(FIX_ON[key], asset) if key in FIX_ON else ""
                errors += [{"text": problem, "href": href} for problem in problems]
        else:
            messages.success(request, _("%(council)s has received your nomination") % {"council": asset.council.name})
            return redirect(_url("detail", asset))
    return render(request, "services/assets/check.html", {
        "asset": asset, "errors": errors, "members": asset.members.count()})


@login_required
def asset_yours(request):
    return render(request, "services/assets/yours.html", {
        "assets": selectors.assets_of(request.user), "can_nominate": request.user.has_perm(
            "services_assets.add_asset")})


# The council's pages --------------------------------------------------------------------------------------------

@staff_area
@permission_required_or_404("services_assets.view_queue")
def asset_queue(request):
    today = timezone.localdate()
    assets = list(selectors.queue_for(request.user).prefetch_related("notices__bid_requests").order_by(
        "decision_due_on", "pk"))
    nominated = [{"asset": a, "deadline": selectors.decision_deadline(a, today=today)} for a in assets
                 if a.status == AssetStatus.NOMINATED]
    reviews = [{"asset": a, "deadline": selectors.review_deadline(a, today=today)} for a in assets
               if selectors.review_deadline(a, today=today)]
    moratoria = []
    for asset in assets:
        moratorium = selectors.moratorium_of(selectors.latest_notice(asset))
        if moratorium and moratorium.stage(today) in ("interim", "full"):
            moratoria.append({"asset": asset, "moratorium": moratorium,
                              "text": selectors.moratorium_text(moratorium, today=today)})
    listed = [a for a in assets if selectors.is_current(a, today=today)]
    return render(request, "services/assets/queue.html", {
        "nominated": nominated, "reviews": reviews, "moratoria": moratoria, "listed": listed,
        "councils": managed_organisations(request.user)})


@staff_area
def asset_council(request, pk):
    asset = _asset(request, pk, "services_assets.review_asset")
    today = timezone.localdate()
    notice = selectors.latest_notice(asset)
    moratorium = selectors.moratorium_of(notice)
    return render(request, "services/assets/council.html", {
        "asset": asset, "members": asset.members.all(), "today": today,
        "deadline": selectors.decision_deadline(asset, today=today),
        "review_deadline": selectors.review_deadline(asset, today=today),
        "moratorium": moratorium, "notice": notice, "bid_requests": selectors.bid_requests(notice),
        "moratorium_text": selectors.moratorium_text(moratorium, today=today) if moratorium else "",
        "can_decide": request.user.has_perm("services_assets.decide_asset", asset),
        "can_record": request.user.has_perm("services_assets.record_notice", asset),
        "review_request_deadline": (dates.review_request_deadline(asset.listed_on)
                                    if asset.listed_on else None),
    })


def _officer_action(request, pk, *, perm: str, form_class, act, title: str, done: str, argument=None):
    asset = _asset(request, pk, perm)
    form = form_class(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            act(actor=request.user, asset=asset, **(argument(form) if argument else form.cleaned_data))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, done)
            return redirect(_url("council", asset))
    return render(request, "services/assets/action.html", {
        "form": form, "asset": asset, "title": title, "deadline": selectors.decision_deadline(asset)})


@staff_area
def asset_decide(request, pk):
    return _officer_action(request, pk, perm="services_assets.decide_asset", form_class=DecideForm,
                           act=services.asset_decide, title=_("Decide on the nomination"),
                           done=_("The decision is published"))


@staff_area
def asset_review_request(request, pk):
    return _officer_action(request, pk, perm="services_assets.record_review", form_class=ReviewRequestForm,
                           act=services.review_request_record, title=_("The owner asks for a review"),
                           done=_("The request for a review is recorded"))


@staff_area
def asset_review_decide(request, pk):
    return _officer_action(request, pk, perm="services_assets.record_review", form_class=ReviewDecideForm,
                           act=services.review_decide, title=_("Decide the review"),
                           done=_("The review's decision is recorded"))


@staff_area
def asset_notice(request, pk):
    return _officer_action(request, pk, perm="services_assets.record_notice", form_class=NoticeForm,
                           act=services.notice_record, title=_("The owner's notice of intention to sell"),
                           done=_("The notice is recorded and the moratorium has started"))


@staff_area
def asset_bid_record(request, pk):
    """An officer records a group's request to bid that came by letter or email, with the day it arrived."""
    return _bid(request, pk, officer=True)

