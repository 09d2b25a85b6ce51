"""API for the credentials part of the Volunteer Passport: the holder's own credentials, and verification.

DBS certificate numbers appear only in the holder's view of one credential, never in a list.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response

from covenant.core.api import Pagination
from covenant.core.permissions import get_object_or_404_for
from covenant.organisations.serializers import as_drf_validation_error

from ..models import Credential, CredentialKind
from ..selectors import credentials as selectors
from ..selectors.passport import passport_of
from ..services import credentials as services
from ..services.sharing import passport_view_record
from ..validation import ALL_FIELDS, REJECT, VERIFY, clean_credential, clean_verification

DATE_ERRORS = {"invalid": _("Enter a real date in the format YYYY-MM-DD, like 2024-03-27")}


class CredentialSummarySerializer(serializers.ModelSerializer):
    """A credential in a list: for DBS checks only the level and the verification state."""

    status = serializers.SerializerMethodField()
    valid_today = serializers.SerializerMethodField()

    class Meta:
        model = Credential
        fields = ["id", "kind", "title", "provider", "issued_on", "expires_on", "status", "valid_today",
                  "identity_method", "dbs_level", "qualification_type", "licence_categories"]
        read_only_fields = fields

    def get_status(self, credential) -> str:
        return selectors.effective_status(credential)

    def get_valid_today(self, credential) -> bool:
        return selectors.credential_is_valid(credential, on=timezone.localdate())

    def to_representation(self, credential):
        data = super().to_representation(credential)
        if credential.kind == CredentialKind.DBS:
            return {key: data[key] for key in ("id", "kind", "title", "dbs_level", "status", "valid_today")}
        return {key: value for key, value in data.items() if key != "dbs_level"}


class CredentialDetailSerializer(CredentialSummarySerializer):
    """One of the holder's own credentials, in full."""

    verified_organisation = serializers.CharField(source="verified_organisation.name", default=None)

    class Meta(CredentialSummarySerializer.Meta):
        fields = ["id", "kind", *ALL_FIELDS, "status", "valid_today", "verified_organisation", "verified_at",
                  "evidence_seen_on", "rejection_reason", "created_at", "updated_at"]
        read_only_fields = fields

    def to_representation(self, credential):
        return serializers.ModelSerializer.to_representation(self, credential)


class CredentialInputSerializer(serializers.Serializer):
    """What the holder sends; the rules for each kind are in volunteers.validation."""

    kind = serializers.ChoiceField(
        choices=CredentialKind.choices,
        error_messages={"required": _("Select the kind of credential"),
                        "invalid_choice": _("Select the kind of credential from the list")},
    )
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    provider = serializers.CharField(required=False, allow_blank=True, max_length=500)
    issued_on = serializers.DateField(required=False, allow_null=True, error_messages=DATE_ERRORS)
    expires_on = serializers.DateField(required=False, allow_null=True, error_messages=DATE_ERRORS)
    identity_method = serializers.CharField(required=False, allow_blank=True, max_length=50)
    dbs_level = serializers.CharField(required=False, allow_blank=True, max_length=50)
    dbs_barred_lists = serializers.CharField(required=False, allow_blank=True, max_length=50)
    dbs_workforce = serializers.CharField(required=False, allow_blank=True, max_length=50)
    certificate_number = serializers.CharField(required=False, allow_blank=True, max_length=50)
    update_service_subscribed = serializers.BooleanField(
        required=False, allow_null=True,
        error_messages={"invalid": _("Update Service subscription must be true or false")},
    )
    update_service_id = serializers.CharField(required=False, allow_blank=True, max_length=50)
    qualification_type = serializers.CharField(required=False, allow_blank=True, max_length=50)
    licence_categories = serializers.CharField(required=False, allow_blank=True, max_length=100)

    def validate(self, attrs):
        try:
            attrs["details"] = clean_credential(attrs["kind"], attrs, today=timezone.localdate())
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        return attrs


class VerifySerializer(serializers.Serializer):
    organisation = serializers.IntegerField(
        required=False, allow_null=True,
        error_messages={"invalid": _("Organisation must be the number of the organisation you check for")},
    )
    outcome = serializers.ChoiceField(
        choices=[(VERIFY, VERIFY), (REJECT, REJECT)],
        error_messages={"required": _("Say whether you could verify the credential: verified or rejected"),
                        "invalid_choice": _("Outcome must be verified or rejected")},
    )
    evidence_seen = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    evidence_seen_on = serializers.DateField(required=False, allow_null=True, error_messages=DATE_ERRORS)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def validate(self, attrs):
        try:
            attrs.update(clean_verification(
                outcome=attrs["outcome"], evidence_seen=attrs.get("evidence_seen"),
                evidence_seen_on=attrs.get("evidence_seen_on"), reason=attrs.get("reason"),
                issued_on=self.context["issued_on"], today=timezone.localdate(),
            ))
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        return attrs


class CredentialListCreate(generics.ListCreateAPIView):
    """Your own credentials; add one (it starts as not yet verified)."""

    serializer_class = CredentialSummarySerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Credential.objects.none()
        return selectors.credentials_of(passport_of(self.request.user))

    @extend_schema(request=CredentialInputSerializer, responses={201: CredentialDetailSerializer})
    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("volunteers.add_credential"):
            raise Http404
        serializer = CredentialInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            credential = services.credential_create(actor=request.user, kind=serializer.validated_data["kind"],
                                                    details=serializer.validated_data["details"])
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        return Response(CredentialDetailSerializer(credential).data, status=status.HTTP_201_CREATED)


class CredentialDetail(generics.GenericAPIView):
    """One of your own credentials: read it in full, change it (it must then be verified again) or remove it."""

    serializer_class = CredentialDetailSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self, perm: str = "volunteers.view_credential"):
        return get_object_or_404_for(
            self.request.user, perm,
            selectors.credentials_of(passport_of(self.request.user)).select_related("passport",
                                                                                   "verified_organisation"),
            pk=self.kwargs["pk"],
        )

    def get(self, request, *args, **kwargs):
        return Response(CredentialDetailSerializer(self.get_object()).data)

    @extend_schema(request=CredentialInputSerializer, responses={200: CredentialDetailSerializer})
    def patch(self, request, *args, **kwargs):
        credential = self.get_object("volunteers.change_credential")
        if not hasattr(request.data, "keys"):
            raise serializers.ValidationError({"non_field_errors": [_("Send the fields to change as a JSON object")]})
        sent_kind = request.data.get("kind", credential.kind)
        if sent_kind != credential.kind:
            raise serializers.ValidationError(
                {"kind": [_("You cannot change the kind of a credential. Remove it and add a new one")]}
            )
        current = {field: getattr(credential, field) for field in ALL_FIELDS}
        sent = {key: value for key, value in request.data.items() if key in ALL_FIELDS}
        serializer = CredentialInputSerializer(data={**current, **sent, "kind": credential.kind})
        serializer.is_valid(raise_exception=True)
        try:
            credential = services.credential_update(actor=request.user, credential=credential,
                                                    details=serializer.validated_data["details"])
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        return Response(CredentialDetailSerializer(credential).data)

    def delete(self, request, *args, **kwargs):
        services.credential_remove(actor=request.user, credential=self.get_object("volunteers.delete_credential"))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CredentialVerify(generics.GenericAPIView):
    """For a verifier of a verified organisation the holder shares this credential's section with: record
    whether it is verified, what you saw and when. Anyone else gets 404."""

    serializer_class = VerifySerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=VerifySerializer, responses={200: CredentialSummarySerializer})
    def post(self, request, *args, **kwargs):
        credential = get_object_or_404_for(
            request.user, "volunteers.verify_credential",
            Credential.objects.select_related("passport__holder").exclude(status="revoked"), pk=self.kwargs["pk"],
        )
        serializer = VerifySerializer(data=request.data, context={"issued_on": credential.issued_on})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        allowed = selectors.organisations_that_may_verify(request.user, credential)
        if data.get("organisation") is not None:
            allowed = [organisation for organisation in allowed if organisation.pk == data["organisation"]]
            if not allowed:
                raise Http404
        elif len(allowed) > 1:
            raise serializers.ValidationError(
                {"organisation": [_("You check for more than one organisation. Give the number of the one you are "
                                    "checking for")]}
            )
        organisation = allowed[0]
        try:
            credential = services.credential_check(
                actor=request.user, organisation=organisation, credential=credential, outcome=data["outcome"],
                evidence_seen=data["evidence_seen"], evidence_seen_on=data["evidence_seen_on"], reason=data["reason"],
            )
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        except PermissionDenied:
            raise Http404 from None
        # The answer shows the credential to someone other than its holder: that goes in the access log.
        passport_view_record(viewer=request.user, organisation=organisation, passport=credential.passport,
                             sections=[selectors.section_of(credential)], channel="api")
        return Response(CredentialSummarySerializer(credential).data)


urlpatterns = [
    path("passport/credentials/", CredentialListCreate.as_view(), name="credentials-list"),
    path("passport/credentials/<int:pk>/", CredentialDetail.as_view(), name="credentials-detail"),
    path("passport/credentials/<int:pk>/verify/", CredentialVerify.as_view(), name="credentials-verify"),
]
