"""Pages for bookings: signing up to a shift, the volunteer's shifts and calendar, and the organisation's roster."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from covenant.core.permissions import get_object_or_404_for
from covenant.organisations.models import Organisation

from ..forms.bookings import CheckInForm, ShiftMessageForm
from ..forms.history import HoursConfirmForm
from ..models import BookingStatus, Shift
from ..selectors.bookings import (
    active_booking,
    booking_by_offer_token,
    booking_of_holder,
    bookings_of,
    calendar_token,
    passport_by_calendar_token,
    places_taken,
    roster_booking,
    roster_of,
    shift_hours,
    your_shifts,
)
from ..selectors.eligibility import eligibility
from ..selectors.passport import passport_of
from ..services import bookings as services


def _posted(request):
    return request.POST if request.method == "POST" else None


def _service_errors(errors: ValidationError) -> list[str]:
    return [message for messages_ in errors.message_dict.values() for message in messages_] \
        if hasattr(errors, "error_dict") else list(errors.messages)


def _shift_for_sign_up(request, shift_id) -> Shift:
    queryset = Shift.objects.select_related("need__organisation").prefetch_related("need__checks", "need__skills")
    return get_object_or_404_for(request.user, "volunteers.apply_shift", queryset, pk=shift_id)


@login_required
def sign_up_page(request, shift_id):
    """Check before signing up: the shift, whether the volunteer is eligible, and the button that books."""
    shift = _shift_for_sign_up(request, shift_id)
    passport = passport_of(request.user)
    errors: list[str] = []
    if request.method == "POST":
        try:
            booking = services.booking_apply(actor=request.user, shift=shift)
        except ValidationError as error:
            errors = _service_errors(error)
        else:
            messages.success(request, {
                BookingStatus.ACCEPTED: _("You are booked on this shift"),
                BookingStatus.WAITLISTED: _("The shift is full, so you are on the waiting list"),
            }.get(booking.status, _("You have applied. The organisation will tell you if you have a place")))
            return redirect("volunteers:bookings-your-shifts")
    return render(request, "volunteers/bookings/sign_up.html", {
        "shift": shift, "need": shift.need, "errors": errors,
        "eligibility": eligibility(passport, shift.need, on=timezone.localtime(shift.starts_at).date()),
        "existing": active_booking(passport, shift), "has_passport": passport is not None,
        "free": max(shift.places - places_taken(shift), 0),
    }, status=400 if errors else 200)


@login_required
def your_shifts_page(request):
    passport = passport_of(request.user)
    return render(request, "volunteers/bookings/your_shifts.html", {
        "shifts": your_shifts(passport), "statuses": BookingStatus,
        "calendar_url": request.build_absolute_uri(
            reverse("volunteers:bookings-calendar", args=[calendar_token(passport)])) if passport else None,
    })


def _own_booking(request, booking_id):
    booking = booking_of_holder(request.user, booking_id)
    if booking is None or not request.user.has_perm("volunteers.view_booking", booking):
        raise Http404
    return booking


@login_required
def cancel_page(request, booking_id):
    booking = _own_booking(request, booking_id)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.booking_cancel(actor=request.user, booking=booking)
        except ValidationError as error:
            errors = _service_errors(error)
        else:
            messages.success(request, _("Your booking is cancelled"))
            return redirect("volunteers:bookings-your-shifts")
    return render(request, "volunteers/bookings/cancel.html", {"booking": booking, "errors": errors},
                  status=400 if errors else 200)


@login_required
@require_POST
def confirm_offer(request, booking_id):
    booking = _own_booking(request, booking_id)
    try:
        services.booking_offer_confirm(actor=request.user, booking=booking)
    except ValidationError as error:
        for message in _service_errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("You are booked on this shift"))
    return redirect("volunteers:bookings-your-shifts")


@login_required
def offer_page(request, token):
    """The single-use link sent with an offer of a place."""
    booking = booking_by_offer_token(token)
    if booking is None or not request.user.has_perm("volunteers.view_booking", booking):
        return render(request, "volunteers/bookings/offer_gone.html", status=404)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.booking_offer_confirm(actor=request.user, booking=booking)
        except ValidationError as error:
            errors = _service_errors(error)
        else:
            messages.success(request, _("You are booked on this shift"))
            return redirect("volunteers:bookings-your-shifts")
    return render(request, "volunteers/bookings/offer.html", {"booking": booking, "errors": errors},
                  status=400 if errors else 200)


@login_required
def check_in_page(request, booking_id):
    booking = _own_booking(request, booking_id)
    form = CheckInForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_check_in(actor=request.user, booking=booking, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("You are checked in. Thank you for volunteering"))
            return redirect("volunteers:bookings-your-shifts")
    return render(request, "volunteers/bookings/check_in.html", {"booking": booking, "form": form},
                  status=400 if form.errors else 200)


def calendar_feed(request, token):
    """The volunteer's booked shifts as iCalendar, at an address only they know."""
    passport = passport_by_calendar_token(token)
    if passport is None:
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//Covenant//Volunteer shifts//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Your volunteering shifts"))
    host = request.get_host().split(":")[0]
    for booking in bookings_of(passport).filter(status__in=(BookingStatus.ACCEPTED, BookingStatus.ATTENDED)):
        need = booking.shift.need
        event = Event()
        event.add("uid", f"booking-{booking.pk}@{host}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", booking.shift.starts_at)
        event.add("dtend", booking.shift.ends_at)
        event.add("summary", f"{need.title} ({need.organisation.name})")
        event.add("location", need.address or need.postcode or _("Remote"))
        event.add("description", need.description)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


def _roster_shift(request, org_pk, shift_id) -> tuple[Organisation, Shift]:
    queryset = Shift.objects.select_related("need__organisation", "need__cause").filter(need__organisation_id=org_pk)
    shift = get_object_or_404_for(request.user, "volunteers.manage_roster", queryset, pk=shift_id)
    return shift.need.organisation, shift


@login_required
def roster_page(request, pk, shift_id):
    organisation, shift = _roster_shift(request, pk, shift_id)
    code = services.shift_check_in_code(actor=request.user, shift=shift)
    return render(request, "volunteers/bookings/roster.html", {
        "organisation": organisation, "shift": shift, "need": shift.need, "roster": roster_of(shift),
        "taken": places_taken(shift), "check_in_code": code, "started": shift.starts_at <= timezone.now(),
        "statuses": BookingStatus,
    })


ROSTER_ACTIONS = {
    "accept": (services.booking_accept, {}, gettext_lazy("%(name)s has a place")),
    "decline": (services.booking_decline, {}, gettext_lazy("%(name)s was not accepted")),
    "waitlist": (services.booking_waitlist, {}, gettext_lazy("%(name)s is on the waiting list")),
    "cancel": (services.booking_cancel, {}, gettext_lazy("The booking of %(name)s is cancelled")),
    "attended": (services.booking_mark_attendance, {"attended": True}, gettext_lazy("%(name)s attended")),
    "no-show": (services.booking_mark_attendance, {"attended": False}, gettext_lazy("%(name)s did not attend")),
}


@login_required
@require_POST
def roster_action(request, pk, shift_id, booking_id, action):
    organisation, shift = _roster_shift(request, pk, shift_id)
    booking = roster_booking(shift, booking_id)
    if booking is None or action not in ROSTER_ACTIONS:
        raise Http404
    service, extra, done = ROSTER_ACTIONS[action]
    try:
        service(actor=request.user, booking=booking, **extra)
    except ValidationError as error:
        for message in _service_errors(error):
            messages.error(request, message)
    else:
        messages.success(request, str(done) % {"name": booking.passport.holder.display_name})
    return redirect("volunteers:bookings-roster", pk=organisation.pk, shift_id=shift.pk)


@login_required
def roster_hours_page(request, pk, shift_id, booking_id):
    organisation, shift = _roster_shift(request, pk, shift_id)
    booking = roster_booking(shift, booking_id)
    if booking is None or booking.status != BookingStatus.ATTENDED or booking.hours_entry_id:
        raise Http404
    proposed = booking.proposed_hours or shift_hours(shift)
    form = HoursConfirmForm(_posted(request), initial={"hours": proposed.normalize()})
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_confirm_hours(actor=request.user, booking=booking,
                                                     hours=form.cleaned_data["hours"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(hours)s hours confirmed for %(name)s") % {
                "hours": booking.hours_entry.hours.normalize(), "name": booking.passport.holder.display_name})
            return redirect("volunteers:bookings-roster", pk=organisation.pk, shift_id=shift.pk)
    return render(request, "volunteers/bookings/hours.html", {
        "organisation": organisation, "shift": shift, "booking": booking, "form": form, "proposed": proposed,
    }, status=400 if form.errors else 200)


@login_required
def roster_message_page(request, pk, shift_id):
    organisation, shift = _roster_shift(request, pk, shift_id)
    form = ShiftMessageForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.shift_message(actor=request.user, shift=shift, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Message sent to %(count)s volunteers") % {"count": sent})
            return redirect("volunteers:bookings-roster", pk=organisation.pk, shift_id=shift.pk)
    return render(request, "volunteers/bookings/message.html", {
        "organisation": organisation, "shift": shift, "form": form,
    }, status=400 if form.errors else 200)


urlpatterns = [
    path("shifts/<int:shift_id>/sign-up/", sign_up_page, name="bookings-sign-up"),
    path("your-shifts/", your_shifts_page, name="bookings-your-shifts"),
    path("your-shifts/<int:booking_id>/cancel/", cancel_page, name="bookings-cancel"),
    path("your-shifts/<int:booking_id>/confirm/", confirm_offer, name="bookings-confirm"),
    path("your-shifts/<int:booking_id>/check-in/", check_in_page, name="bookings-check-in"),
    path("your-shifts/offers/<str:token>/", offer_page, name="bookings-offer"),
    path("your-shifts/<str:token>.ics", calendar_feed, name="bookings-calendar"),
    path("organisations/<int:pk>/shifts/<int:shift_id>/roster/", roster_page, name="bookings-roster"),
    path("organisations/<int:pk>/shifts/<int:shift_id>/roster/message/", roster_message_page,
         name="bookings-roster-message"),
    path("organisations/<int:pk>/shifts/<int:shift_id>/roster/<int:booking_id>/hours/", roster_hours_page,
         name="bookings-roster-hours"),
    path("organisations/<int:pk>/shifts/<int:shift_id>/roster/<int:booking_id>/<slug:action>/", roster_action,
         name="bookings-roster-action"),
]
