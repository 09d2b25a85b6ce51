"""Pages of matching's measures: nationally for platform staff, and for each organisation's own needs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from covenant.accounts.decorators import staff_area
from covenant.core.permissions import get_object_or_404_for, permission_required_or_404
from covenant.organisations.models import Organisation

from ..models import Passport, Shift
from ..selectors.matching import matching_measures, suggested_volunteers
from ..selectors.needs import need_of_organisation
from ..services.offers import offer_invite


@staff_area
@permission_required_or_404("volunteers.view_matching")
def operations_page(request):
    return render(request, "volunteers/matching/measures.html", {"measures": matching_measures(), "national": True})


@login_required
def organisation_page(request, pk):
    organisation = get_object_or_404_for(request.user, "volunteers.manage_needs", Organisation, pk=pk)
    return render(request, "volunteers/matching/measures.html", {
        "measures": matching_measures(organisation=organisation), "organisation": organisation,
    })


@login_required
def suggested_page(request, pk, need_pk):
    """Volunteers matching would consider for the need's open places, with why, and a button to invite each."""
    organisation = get_object_or_404_for(request.user, "volunteers.manage_needs", Organisation, pk=pk)
    need = need_of_organisation(organisation, need_pk)
    if need is None or not request.user.has_perm("volunteers.change_need", need):
        raise Http404
    errors: list[str] = []
    if request.method == "POST":
        shift = Shift.objects.filter(pk=_number(request.POST.get("shift")), need=need).first()
        passport = Passport.objects.filter(pk=_number(request.POST.get("volunteer"))).first()
        if shift is None or passport is None:
            errors = [_("Choose a volunteer from the list to invite")]
        else:
            try:
                offer_invite(actor=request.user, shift=shift, passport=passport)
            except ValidationError as error:
                errors = list(error.messages)
            else:
                messages.success(request, _("Invitation sent. We will tell you if they say yes"))
                return redirect("volunteers:matching-suggested", pk=organisation.pk, need_pk=need.pk)
    return render(request, "volunteers/matching/suggested.html", {
        "organisation": organisation, "need": need, "suggestions": suggested_volunteers(need), "errors": errors,
    }, status=400 if errors else 200)


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


urlpatterns = [
    path("matching/", operations_page, name="matching-operations"),
    path("organisations/<int:pk>/matching/", organisation_page, name="matching-organisation"),
    path("organisations/<int:pk>/matching/needs/<int:need_pk>/", suggested_page, name="matching-suggested"),
]
