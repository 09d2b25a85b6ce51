"""Pages of matching's measures: nationally for platform staff, and for each organisation's own needs."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from covenant.accounts.decorators import staff_area
from covenant.core.permissions import get_object_or_404_for, permission_required_or_404
from covenant.organisations.models import Organisation

from ..selectors.matching import matching_measures


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


urlpatterns = [
    path("matching/", operations_page, name="matching-operations"),
    path("organisations/<int:pk>/matching/", organisation_page, name="matching-organisation"),
]
