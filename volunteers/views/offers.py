"""Pages for matching's offers: the volunteer's offers, and one offer with why it was made and yes or no."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from ..models import BookingStatus, OfferStatus
from ..selectors.offers import offer_of_holder, offer_reasons, offers_of
from ..selectors.passport import passport_of
from ..services import offers as services


@login_required
def offers_page(request):
    offers = list(offers_of(passport_of(request.user))[:100])
    return render(request, "volunteers/offers/list.html", {
        "open": [offer for offer in offers if offer.status == OfferStatus.OFFERED],
        "answered": [offer for offer in offers if offer.status != OfferStatus.OFFERED],
    })


@login_required
def offer_page(request, pk):
    offer = offer_of_holder(request.user, pk)
    if offer is None:
        raise Http404
    errors: list[str] = []
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "yes":
                offer = services.offer_accept(actor=request.user, offer=offer)
                messages.success(request, _("You are booked on this shift")
                                 if offer.booking and offer.booking.status == BookingStatus.ACCEPTED
                                 else _("The places were taken just before you answered, so you are on the "
                                        "waiting list"))
                return redirect("volunteers:bookings-your-shifts")
            if answer == "no":
                services.offer_decline(actor=request.user, offer=offer)
                messages.success(request, _("Thank you for letting us know. We will offer the place to someone "
                                            "else"))
                return redirect("volunteers:offers")
            errors = [_("Select yes if you want to take this place")]
        except ValidationError as error:
            errors = list(error.messages)
    return render(request, "volunteers/offers/detail.html", {
        "offer": offer, "shift": offer.shift, "need": offer.shift.need, "reasons": offer_reasons(offer),
        "errors": errors,
    }, status=400 if errors else 200)


urlpatterns = [
    path("offers/", offers_page, name="offers"),
    path("offers/<int:pk>/", offer_page, name="offers-detail"),
]
