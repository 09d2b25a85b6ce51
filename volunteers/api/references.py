"""API for references: the holder's own requests, and the answers an organisation may read with consent."""

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

from ..models import Passport, Reference, Section
from ..selectors.passport import passport_of
from ..selectors.references import (
    SharedPassport,
    answer_visible_to_holder,
    answered_references_of,
    reference_state,
    references_of,
)
from ..services.passport import passport_get_or_create
from ..services.references import reference_request, reference_resend, reference_withdraw
from ..services.sharing import passport_view_record


class AnswerSerializer(serializers.Serializer):
    known_for = serializers.CharField()
    capacity = serializers.CharField()
    recommendation = serializers.CharField()
    comments = serializers.CharField()


class HolderReferenceSerializer(serializers.ModelSerializer):
    """A request as its holder sees it: a confidential answer is replaced by null."""

    status = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField()

    class Meta:
        model = Reference
        fields = ["id", "referee_name", "referee_email", "relationship", "status", "requested_at", "expires_at",
                  "answered_at", "confidential", "answer"]

    def get_status(self, reference) -> str:
        return reference_state(reference)

    @extend_schema(responses=AnswerSerializer(allow_null=True))
    def get_answer(self, reference) -> dict | None:
        if not answer_visible_to_holder(reference):
            return None
        return AnswerSerializer(reference).data


class ReferenceRequestSerializer(serializers.Serializer):
    referee_name = serializers.CharField(
        max_length=200,
        error_messages={"required": _("Enter the referee’s full name"), "blank": _("Enter the referee’s full name"),
                        "max_length": _("Referee’s name must be 200 characters or fewer")},
    )
    referee_email = serializers.EmailField(
        max_length=254,
        error_messages={"required": _("Enter the referee’s email address, like name@example.org"),
                        "blank": _("Enter the referee’s email address, like name@example.org"),
                        "invalid": _("Enter an email address in the correct format, like name@example.org"),
                        "max_length": _("Email address must be 254 characters or fewer")},
    )
    relationship = serializers.CharField(
        max_length=200,
        error_messages={"required": _("Enter how the referee knows you, like ‘my manager at the food bank’"),
                        "blank": _("Enter how the referee knows you, like ‘my manager at the food bank’"),
                        "max_length": _("How the referee knows you must be 200 characters or fewer")},
    )


class SharedReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reference
        fields = ["id", "referee_name", "relationship", "known_for", "capacity", "recommendation", "comments",
                  "confidential", "answered_at"]


class ReferenceListCreate(generics.ListCreateAPIView):
    """The signed-in person's reference requests; POST asks a new referee (an email goes out)."""

    serializer_class = HolderReferenceSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Reference.objects.none()
        return references_of(passport_of(self.request.user))

    @extend_schema(request=ReferenceRequestSerializer, responses={201: HolderReferenceSerializer})
    def post(self, request, *args, **kwargs):
        user = request.user
        passport = passport_of(user)
        if not user.has_perm("volunteers.request_reference", passport or Passport(holder=user)):
            return Response({"status": 403, "code": "permission_denied",
                             "message": str(_("Confirm your email address before you ask someone for a reference")),
                             "errors": []}, status=status.HTTP_403_FORBIDDEN)
        serializer = ReferenceRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            reference = reference_request(
                actor=user, passport=passport or passport_get_or_create(holder=user), **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        return Response(HolderReferenceSerializer(reference).data, status=status.HTTP_201_CREATED)


class ReferenceAction(APIView):
    """Withdraw a request, or resend it with a fresh link (the old one stops working)."""

    permission_classes = [permissions.IsAuthenticated]
    action = ""

    @extend_schema(request=None, responses={200: HolderReferenceSerializer})
    def post(self, request, pk):
        reference = get_object_or_404_for(request.user, "volunteers.change_reference",
                                          Reference.objects.select_related("passport"), pk=pk)
        service = reference_withdraw if self.action == "withdraw" else reference_resend
        try:
            reference = service(actor=request.user, reference=reference)
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        return Response(HolderReferenceSerializer(reference).data)


class SharedReferences(generics.ListAPIView):
    """A volunteer's answered references, for an organisation they share the references section with."""

    serializer_class = SharedReferenceSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Reference.objects.none()
        try:
            organisation = Organisation.objects.get(pk=self.kwargs["organisation_pk"])
            passport = Passport.objects.get(pk=self.kwargs["passport_pk"])
        except (Organisation.DoesNotExist, Passport.DoesNotExist):
            raise Http404 from None
        if not self.request.user.has_perm("volunteers.view_shared_references",
                                          SharedPassport(organisation=organisation, passport=passport)):
            raise Http404
        passport_view_record(viewer=self.request.user, organisation=organisation, passport=passport,
                             sections=[Section.REFERENCES], channel="api")
        return answered_references_of(passport)


urlpatterns = [
    path("passport/references/", ReferenceListCreate.as_view(), name="passport-references"),
    path("passport/references/<int:pk>/withdraw/", ReferenceAction.as_view(action="withdraw"),
         name="passport-reference-withdraw"),
    path("passport/references/<int:pk>/resend/", ReferenceAction.as_view(action="resend"),
         name="passport-reference-resend"),
    path("volunteering/organisations/<int:organisation_pk>/passports/<int:passport_pk>/references/",
         SharedReferences.as_view(), name="volunteering-shared-references"),
]
