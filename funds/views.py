"""Public pages of community funds: the funds and their open rounds, the search of awards and each award's page,
and every award as 360Giving open data, as JSON and as CSV, at stable URLs."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from . import open_data
from .forms_public import AwardSearchForm
from .models import FundKind
from .selectors import award_money, open_rounds
from .selectors.awards import award_local_authorities, award_programmes, award_search, public_funds

# Shared caches may keep a copy for a few minutes; the files are rebuilt whenever an award changes.
CACHE_CONTROL = "public, max-age=300"
AWARDS_PER_PAGE = 20


def round_url(round_) -> str:
    """A round's public page (the applicants' pages); its plain address until they have named it."""
    try:
        return reverse("funds:round", kwargs={"pk": round_.pk})
    except NoReverseMatch:
        return f"/funds/rounds/{round_.pk}/"


@require_GET
def index(request):
    """The two funds, what they are for, their open rounds, and the ways into the awards."""
    funds = list(public_funds())
    rounds = list(open_rounds())
    by_fund = {fund.pk: [] for fund in funds}
    for round_ in rounds:
        if round_.programme.fund_id in by_fund:
            by_fund[round_.programme.fund_id].append((round_, round_url(round_)))
    return render(request, "funds/public/index.html", {
        "funds": [(fund, by_fund[fund.pk]) for fund in funds], "open_count": len(rounds),
        "recovery": FundKind.RECOVERY, "endowment": FundKind.ENDOWMENT,
    })


@require_GET
def awards(request):
    """Published awards, searched by area, programme and organisation, with how many and their total."""
    form = AwardSearchForm(request.GET or None, local_authorities=award_local_authorities(),
                           programmes=list(award_programmes()))
    query = {}
    if form.is_bound and form.is_valid():
        search = award_search(**form.search_arguments())
        query = {key: value for key, value in request.GET.items() if key in form.fields and value}
    elif form.is_bound:
        search = None
    else:
        search = award_search()
    page = Paginator(search.awards, AWARDS_PER_PAGE).get_page(request.GET.get("page")) if search else None
    return render(request, "funds/public/awards.html", {
        "form": form, "search": search, "page": page, "query": urlencode(query),
        "disbursed": open_data.disbursed(page.object_list) if page else {},
        "postcode_area": getattr(form, "postcode_area", None),
    })


@require_GET
def award(request, pk):
    """One published award: who, what for, how much, where, and what has been paid."""
    found = open_data.published_awards().filter(pk=pk).first()
    if found is None:
        raise Http404
    return render(request, "funds/public/award.html", {
        "award": found, "grant_id": open_data.grant_id(found), "money": award_money(found),
        "disbursed": open_data.disbursed([found]).get(found.pk, 0), "locations": open_data.locations(found),
    })


@require_GET
def grants_json(request):
    response = HttpResponse(open_data.package_json(), content_type="application/json; charset=utf-8")
    response["Cache-Control"] = CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def grants_csv(request):
    response = HttpResponse(open_data.grants_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="360giving.csv"'
    response["Cache-Control"] = CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"
    return response
