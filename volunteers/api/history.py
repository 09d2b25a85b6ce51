"""API for volunteering history: the holder's hours, and an organisation's queue of hours to confirm."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from covenant.core.permissions import get_object_or_404_for
from covenant.organisations.models import Organisation
from covenant.organisations.serializers import as_drf_validation_error

from ..models import Cause, HoursEntry, Passport
from ..selectors.history import hours_of, hours_queue, queue_entry
from ..selectors.passport import passport_of
from ..services.history import MAX_HOURS, MIN_HOURS, hours_confirm, hours_decline, hours_log
from ..services.passport import passport_get_or_create

HOURS_ERRORS = {
    "required": _("Enter the number of hours, like 2 or 1.5"),
    "null": _("Enter the number of hours, like 2 or 1.5"),
    "invalid": _("Enter the number of hours, like 2 or 1.5"),
    "min_value": _("Hours must be at least 0.25 (15 minutes)"),
    "max_value": _("Hours must be 24 or fewer in one day"),
    "max_decimal_places": _("Hours must have no more than 2 decimal places, like 1.25"),
    "max_digits": _("Hours must be 24 or fewer in one day"),
    "max_whole_digits": _("Hours must be 24 or fewer in one day"),
}


def _hours_field(**kwargs):
    return serializers.DecimalField(max_digits=5, decimal_places=2, min_value=MIN_HOURS, max_value=MAX_HOURS,
                                    error_messages=HOURS_ERRORS, **kwargs)


class HoursEntrySerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField()
    cause = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = HoursEntry
        fields = ["id", "date", "hours", "organisation", "cause", "description", "source", "status", "confirmed_at"]

    @extend_schema(responses={"type": "object", "nullable": True})
    def get_organisation(self, entry) -> dict | None:
        if entry.organisation is None:
            return None
        return {"id": entry.organisation_id, "name": entry.organisation.name}


class HoursLogSerializer(serializers.Serializer):
    date = serializers.DateField(
        input_formats=["iso-8601"],
        error_messages={"required": _("Enter the date you volunteered, like 2025-03-27"),
                        "null": _("Enter the date you volunteered, like 2025-03-27"),
                        "invalid": _("Enter the date you volunteered as YYYY-MM-DD, like 2025-03-27")},
    )
    hours = _hours_field()
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.verified(), required=False, allow_null=True,
        error_messages={"does_not_exist": _("Choose a verified organisation, or leave it out"),
                        "incorrect_type": _("Give the organisation as its number id")},
    )
    cause = serializers.SlugRelatedField(
        slug_field="slug", queryset=Cause.objects.filter(active=True), required=False, allow_null=True,
        error_messages={"does_not_exist": _("Choose a cause from the list of causes, or leave it out"),
                        "invalid": _("Give the cause as its slug, like food-poverty")},
    )
    description = serializers.CharField(
        max_length=300, required=False, allow_blank=True,
        error_messages={"max_length": _("Description must be 300 characters or fewer")},
    )


class QueueEntrySerializer(HoursEntrySerializer):
    volunteer = serializers.CharField(source="passport.holder.display_name", read_only=True)

    class Meta(HoursEntrySerializer.Meta):
        fields = ["id", "volunteer", "date", "hours", "cause", "description", "status"]


class ConfirmSerializer(serializers.Serializer):
    hours = _hours_field(required=False, allow_null=True, help_text="The corrected hours; leave out to confirm "
                                                                   "the hours as logged")


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=1000, required=False, allow_blank=True,
        error_messages={"max_length": _("Reason must be 1,000 characters or fewer")},
    )


class HoursListCreate(generics.ListCreateAPIView):
    """The signed-in person's hours; POST logs new hours (waiting for the organisation's confirmation if named)."""

    serializer_class = HoursEntrySerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HoursEntry.objects.none()
        return hours_of(passport_of(self.request.user))

    @extend_schema(request=HoursLogSerializer, responses={201: HoursEntrySerializer})
    def post(self, request, *args, **kwargs):
        user = request.user
        passport = passport_of(user)
        if not user.has_perm("volunteers.log_hours", passport or Passport(holder=user)):
            return Response({"status": 403, "code": "permission_denied",
                             "message": str(_("Confirm your email address before you log hours")), "errors": []},
                            status=status.HTTP_403_FORBIDDEN)
        serializer = HoursLogSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            entry = hours_log(actor=user, passport=passport or passport_get_or_create(holder=user),
                              **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        return Response(HoursEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


def _organisation(request, pk) -> Organisation:
    return get_object_or_404_for(request.user, "volunteers.view_hours_queue", Organisation, pk=pk)


class OrganisationHoursQueue(generics.ListAPIView):
    """Hours waiting for the organisation's confirmation: coordinators and administrators only (404 to others)."""

    serializer_class = QueueEntrySerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HoursEntry.objects.none()
        return hours_queue(_organisation(self.request, self.kwargs["pk"]))


class OrganisationHoursDecision(APIView):
    permission_classes = [permissions.IsAuthenticated]
    decision = ""

    @extend_schema(request=ConfirmSerializer, responses={200: QueueEntrySerializer})
    def post(self, request, pk, entry_pk):
        organisation = _organisation(request, pk)
        entry = queue_entry(organisation, entry_pk)
        if entry is None or not request.user.has_perm("volunteers.confirm_hours", entry):
            raise Http404
        try:
            if self.decision == "confirm":
                serializer = ConfirmSerializer(data=request.data)
                serializer.is_valid(raise_exception=True)
                entry = hours_confirm(actor=request.user, entry=entry, hours=serializer.validated_data.get("hours"))
            else:
                serializer = DeclineSerializer(data=request.data)
                serializer.is_valid(raise_exception=True)
                entry = hours_decline(actor=request.user, entry=entry,
                                      reason=serializer.validated_data.get("reason", ""))
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        return Response(QueueEntrySerializer(entry).data)


class OrganisationHoursDecline(OrganisationHoursDecision):
    decision = "decline"

    @extend_schema(request=DeclineSerializer, responses={200: QueueEntrySerializer})
    def post(self, request, pk, entry_pk):
        return super().post(request, pk, entry_pk)


urlpatterns = [
    path("passport/hours/", HoursListCreate.as_view(), name="passport-hours"),
    path("volunteering/organisations/<int:pk>/hours/", OrganisationHoursQueue.as_view(),
         name="volunteering-organisation-hours"),
    path("volunteering/organisations/<int:pk>/hours/<int:entry_pk>/confirm/",
         OrganisationHoursDecision.as_view(decision="confirm"), name="volunteering-organisation-hours-confirm"),
    path("volunteering/organisations/<int:pk>/hours/<int:entry_pk>/decline/", OrganisationHoursDecline.as_view(),
         name="volunteering-organisation-hours-decline"),
]
