"""Pages for finding volunteering: the search page (the Volunteering section's front page) and a need's page."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from covenant.places.distance import KM_PER_MILE

from ..forms.search import NeedSearchForm
from ..models import Passport
from ..selectors.eligibility import eligibility
from ..selectors.passport import passport_of
from ..selectors.search import need_public, needs_search, shifts_to_come

PAGE_SIZE = 20
FORM_FIELD_OF = {"within_miles": "within_miles", "date_to": "date_to", "sort": "sort", "postcode": "postcode"}


def search_page(request):
    """Anyone may search; results show only once the filters are valid."""
    signed_in = request.user.is_authenticated
    form = NeedSearchForm(request.GET or None, signed_in=signed_in)
    page = search = None
    mapped, radius_miles = 0, None
    if not request.GET or form.is_valid():
        arguments = form.search_arguments() if request.GET else {}
        if request.GET and form.cleaned_data.get("eligible"):
            arguments["eligible_for"] = passport_of(request.user) or Passport(holder=request.user)
        try:
            search = needs_search(**arguments)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    form.add_error(FORM_FIELD_OF.get(field), message)
            search = None
        if search is not None:
            page = Paginator(search.needs, PAGE_SIZE).get_page(request.GET.get("page"))
            radius_miles = form.cleaned_data.get("within_miles") if request.GET else None
            for need in page:
                distance_km = getattr(need, "distance_km", None)
                need.distance_miles = None if distance_km is None else distance_km / KM_PER_MILE
                mapped += need.latitude is not None and need.longitude is not None
    query = request.GET.copy()
    query.pop("page", None)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "volunteers/search/page.html", {
        "form": form, "search": search, "page": page, "query": query.urlencode(), "signed_in": signed_in,
        # The map view is offered only when some result on this page has a place to show.
        "mapped": mapped, "radius_miles": radius_miles,
    }, status=status)


def need_page(request, pk):
    """A published need, its shifts to come, and whether the signed-in viewer can sign up."""
    need = need_public(pk)
    if need is None:
        raise Http404
    shifts = shifts_to_come(need)
    result = None
    if request.user.is_authenticated:
        # Judged on the first shift's date: checks and ages are what they will be then, not today.
        on = timezone.localdate(shifts[0].starts_at) if shifts else timezone.localdate()
        result = eligibility(passport_of(request.user), need, on=on)
    return render(request, "volunteers/search/need.html", {"need": need, "shifts": shifts, "eligibility": result})


urlpatterns = [
    path("", search_page, name="search-page"),
    path("needs/<int:pk>/", need_page, name="search-need"),
]
