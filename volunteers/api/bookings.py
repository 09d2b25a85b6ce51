"""API for bookings: signing up to shifts, one's own bookings, and an organisation's roster."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from covenant.core.permissions import get_object_or_404_for
from covenant.organisations.serializers import as_drf_validation_error

from ..models import Booking, Shift
from ..selectors.bookings import booking_of_holder, bookings_of, roster_booking
from ..selectors.passport import passport_of
from ..services import bookings as services
from .history import _hours_field


class BookingSerializer(serializers.ModelSerializer):
    shift = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = ["id", "status", "shift", "applied_at", "offer_expires_at", "attended_at", "proposed_hours"]

    def get_shift(self, booking) -> dict:
        shift = booking.shift
        return {"id": shift.pk, "starts_at": shift.starts_at, "ends_at": shift.ends_at, "need": shift.need_id,
                "title": shift.need.title, "organisation": shift.need.organisation.name}


class RosterBookingSerializer(BookingSerializer):
    volunteer = serializers.CharField(source="passport.holder.display_name", read_only=True)

    class Meta(BookingSerializer.Meta):
        fields = ["id", "volunteer", "status", "applied_at", "offer_expires_at", "attended_at", "proposed_hours",
                  "hours_entry"]


class CheckInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=12, error_messages={
        "required": _("Enter the check-in code shown at the venue"),
        "blank": _("Enter the check-in code shown at the venue"),
        "max_length": _("The check-in code is 6 letters and numbers, like K7PM2Q")})


class HoursSerializer(serializers.Serializer):
    hours = _hours_field(required=False, allow_null=True)


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        raise as_drf_validation_error(error) from None


class ShiftBookingCreate(APIView):
    """Sign the signed-in volunteer up to a shift (booked, applied or wait-listed, as the need decides)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={201: BookingSerializer})
    def post(self, request, pk):
        queryset = Shift.objects.select_related("need__organisation").prefetch_related("need__checks", "need__skills")
        shift = get_object_or_404_for(request.user, "volunteers.apply_shift", queryset, pk=pk)
        booking = _call(services.booking_apply, actor=request.user, shift=shift)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


class OwnBookings(generics.ListAPIView):
    """The signed-in volunteer's bookings, soonest shift first."""

    serializer_class = BookingSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        return bookings_of(passport_of(self.request.user))


class OwnBookingAction(APIView):
    permission_classes = [permissions.IsAuthenticated]
    action = ""

    @extend_schema(request=CheckInSerializer, responses={200: BookingSerializer})
    def post(self, request, pk):
        booking = booking_of_holder(request.user, pk)
        if booking is None or not request.user.has_perm("volunteers.view_booking", booking):
            raise Http404
        if self.action == "cancel":
            booking = _call(services.booking_cancel, actor=request.user, booking=booking)
        elif self.action == "confirm":
            booking = _call(services.booking_offer_confirm, actor=request.user, booking=booking)
        else:
            serializer = CheckInSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            booking = _call(services.booking_check_in, actor=request.user, booking=booking,
                            code=serializer.validated_data["code"])
        return Response(BookingSerializer(booking).data)


def _roster_shift(request, org_pk, shift_pk) -> Shift:
    queryset = Shift.objects.select_related("need__organisation").filter(need__organisation_id=org_pk)
    return get_object_or_404_for(request.user, "volunteers.manage_roster", queryset, pk=shift_pk)


class RosterList(generics.ListAPIView):
    """Everyone who has signed up to the shift: the organisation's coordinators and administrators only."""

    serializer_class = RosterBookingSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        shift = _roster_shift(self.request, self.kwargs["pk"], self.kwargs["shift_pk"])
        return Booking.objects.filter(shift=shift).select_related("passport__holder", "shift__need__organisation")


ROSTER_ACTIONS = {
    "accept": (services.booking_accept, {}),
    "decline": (services.booking_decline, {}),
    "waitlist": (services.booking_waitlist, {}),
    "cancel": (services.booking_cancel, {}),
    "attended": (services.booking_mark_attendance, {"attended": True}),
    "no-show": (services.booking_mark_attendance, {"attended": False}),
}


class RosterAction(APIView):
    """accept, decline, waitlist, cancel, attended, no-show, or hours (with optional corrected `hours`)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=HoursSerializer, responses={200: RosterBookingSerializer})
    def post(self, request, pk, shift_pk, booking_pk, action):
        shift = _roster_shift(request, pk, shift_pk)
        booking = roster_booking(shift, booking_pk)
        if booking is None or (action not in ROSTER_ACTIONS and action != "hours"):
            raise Http404
        if action == "hours":
            serializer = HoursSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            booking = _call(services.booking_confirm_hours, actor=request.user, booking=booking,
                            hours=serializer.validated_data.get("hours"))
        else:
            service, extra = ROSTER_ACTIONS[action]
            booking = _call(service, actor=request.user, booking=booking, **extra)
        return Response(RosterBookingSerializer(booking).data)


urlpatterns = [
    path("volunteering/shifts/<int:pk>/bookings/", ShiftBookingCreate.as_view(), name="volunteering-shift-bookings"),
    path("volunteering/bookings/", OwnBookings.as_view(), name="volunteering-bookings"),
    path("volunteering/bookings/<int:pk>/cancel/", OwnBookingAction.as_view(action="cancel"),
         name="volunteering-booking-cancel"),
    path("volunteering/bookings/<int:pk>/confirm/", OwnBookingAction.as_view(action="confirm"),
         name="volunteering-booking-confirm"),
    path("volunteering/bookings/<int:pk>/check-in/", OwnBookingAction.as_view(action="check-in"),
         name="volunteering-booking-check-in"),
    path("volunteering/organisations/<int:pk>/shifts/<int:shift_pk>/bookings/", RosterList.as_view(),
         name="volunteering-roster"),
    path("volunteering/organisations/<int:pk>/shifts/<int:shift_pk>/bookings/<int:booking_pk>/<slug:action>/",
         RosterAction.as_view(), name="volunteering-roster-action"),
]
