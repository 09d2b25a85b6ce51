"""Pages for matching's offers: the volunteer's offers, and one offer with why it was made and yes or no."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from covenant.organisations.models import Organisation

from ..forms.offers import OfferPreferencesForm
from ..models import BookingStatus, Cause, Offer, OfferStatus
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


@login_required
def preferences_page(request):
    passport = passport_of(request.user)
    if passport is None:
        messages.info(request, _("Start your Volunteer Passport first: offers are made from it"))
        return redirect("volunteers:passport-tasks")
    choices = {"causes": list(Cause.objects.filter(active=True).order_by("name")),
               "organisations": list(Organisation.objects.filter(
                   pk__in=Offer.objects.filter(passport=passport).values("shift__need__organisation")
               ).order_by("name"))}
    if request.method == "POST":
        form = OfferPreferencesForm(request.POST, **choices)
        if form.is_valid():
            services.passport_set_offer_preferences(actor=request.user, passport=passport, **form.chosen())
            messages.success(request, _("Your choices about offers are saved"))
            return redirect("volunteers:offers")
    else:
        form = OfferPreferencesForm(initial={
            "offers_wanted": "yes" if passport.offers_wanted else "no",
            "offers_daily_digest": "daily" if passport.offers_daily_digest else "now",
            "opted_out_causes": [str(pk) for pk in passport.opted_out_causes.values_list("pk", flat=True)],
            "opted_out_organisations": [str(pk) for pk in
                                        passport.opted_out_organisations.values_list("pk", flat=True)],
        }, **choices)
    return render(request, "volunteers/offers/preferences.html", {"form": form}, status=400 if form.errors else 200)


urlpatterns = [
    path("offers/", offers_page, name="offers"),
    path("offers/choices/", preferences_page, name="offers-preferences"),
    path("offers/<int:pk>/", offer_page, name="offers-detail"),
]
