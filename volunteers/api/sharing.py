"""API for sharing: the holder's shares and access log, and an organisation's view of passports shared with it."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response

from covenant.core.api import Pagination
from covenant.core.permissions import get_object_or_404_for
from covenant.organisations.models import Organisation
from covenant.organisations.serializers import as_drf_validation_error

from ..models import PassportView, Section, Share
from ..selectors import sharing as selectors
from ..selectors.passport import passport_of
from ..services import sharing as services
from ..services.passport import passport_get_or_create
from ..views.sharing import shared_share_or_404

SECTION_ERRORS = {"invalid_choice": _("Select parts of the passport from: %(choices)s")
                  % {"choices": ", ".join(Section.values)},
                  "not_a_list": _("Give sections as a list, like [\"profile\", \"dbs\"]"),
                  "empty": _("Select at least one part of your passport to share"),
                  "required": _("Select at least one part of your passport to share")}
DATE_ERRORS = {"invalid": _("Enter the date sharing ends as YYYY-MM-DD, like 2027-03-31"),
               "required": _("Enter the date sharing ends as YYYY-MM-DD, like 2027-03-31")}


class ShareSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField()
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = Share
        fields = ["id", "organisation", "sections", "expires_on", "created_at", "revoked_at", "ended_reason",
                  "in_force"]

    def get_organisation(self, share) -> dict:
        return {"id": share.organisation_id, "name": share.organisation.name}

    def get_in_force(self, share) -> bool:
        from django.utils import timezone

        return share.revoked_at is None and share.expires_on >= timezone.localdate()


class ShareCreateSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(
        min_value=1, error_messages={"required": _("Give the id of the organisation to share with"),
                                     "invalid": _("Give the organisation's id as a whole number")})
    sections = serializers.ListField(child=serializers.ChoiceField(choices=Section.values,
                                                                   error_messages=SECTION_ERRORS),
                                     allow_empty=False, error_messages=SECTION_ERRORS)
    expires_on = serializers.DateField(error_messages=DATE_ERRORS)

    def validate_organisation(self, value):
        organisation = Organisation.objects.filter(pk=value).first()
        if organisation is None:
            raise serializers.ValidationError(_("No organisation has that id. Check the id, or search "
                                                "/api/v1/organisations/?q= for it"))
        return organisation


class ShareUpdateSerializer(serializers.Serializer):
    sections = serializers.ListField(child=serializers.ChoiceField(choices=Section.values,
                                                                   error_messages=SECTION_ERRORS),
                                     allow_empty=False, required=False, error_messages=SECTION_ERRORS)
    expires_on = serializers.DateField(required=False, error_messages=DATE_ERRORS)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Give sections, expires_on or both to change"))
        return attrs


class AccessLogSerializer(serializers.ModelSerializer):
    viewer = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()

    class Meta:
        model = PassportView
        fields = ["id", "viewed_at", "viewer", "organisation", "sections", "channel"]

    def get_viewer(self, view) -> str | None:
        return view.viewer.display_name if view.viewer else None

    def get_organisation(self, view) -> dict | None:
        return {"id": view.organisation_id, "name": view.organisation.name} if view.organisation else None


class SharedPassportRowSerializer(serializers.Serializer):
    """A row of an organisation's list: never a DBS certificate number, only level and state."""

    id = serializers.IntegerField(source="passport.pk")
    name = serializers.CharField()
    sections = serializers.ListField(child=serializers.CharField())
    shared_until = serializers.DateField(source="expires_on")
    dbs = serializers.ListField(child=serializers.DictField(), allow_null=True)


class ShareListCreate(generics.ListCreateAPIView):
    """The holder's shares, newest first; POST shares the passport with a verified organisation."""

    serializer_class = ShareSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Share.objects.none()
        return selectors.shares_of(passport_of(self.request.user))

    @extend_schema(request=ShareCreateSerializer, responses={201: ShareSerializer})
    def post(self, request, *args, **kwargs):
        serializer = ShareCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            share = services.share_create(actor=request.user, passport=passport_get_or_create(holder=request.user),
                                          organisation=data["organisation"], sections=data["sections"],
                                          expires_on=data["expires_on"])
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        return Response(ShareSerializer(share).data, status=status.HTTP_201_CREATED)


class ShareDetail(generics.RetrieveAPIView):
    """One of the holder's shares; PATCH changes sections or end date, DELETE stops sharing."""

    serializer_class = ShareSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return get_object_or_404_for(self.request.user, "volunteers.view_share",
                                     Share.objects.select_related("passport", "organisation"), pk=self.kwargs["pk"])

    def _live(self):
        return get_object_or_404_for(self.request.user, "volunteers.change_share",
                                     Share.objects.select_related("passport", "organisation"), pk=self.kwargs["pk"])

    @extend_schema(request=ShareUpdateSerializer, responses={200: ShareSerializer})
    def patch(self, request, *args, **kwargs):
        share = self._live()
        serializer = ShareUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            share = services.share_update(actor=request.user, share=share, **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        return Response(ShareSerializer(share).data)

    @extend_schema(responses={204: None})
    def delete(self, request, *args, **kwargs):
        services.share_revoke(actor=request.user, share=self._live())
        return Response(status=status.HTTP_204_NO_CONTENT)


class AccessLog(generics.ListAPIView):
    """Who has seen the holder's passport, newest first."""

    serializer_class = AccessLogSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PassportView.objects.none()
        return selectors.access_log(passport_of(self.request.user))


class OrganisationPassports(generics.ListAPIView):
    """Passports shared with the organisation, for its admins, coordinators and verifiers (404 to anyone else)."""

    serializer_class = SharedPassportRowSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return []
        organisation = get_object_or_404_for(self.request.user, "volunteers.view_shared_passports", Organisation,
                                             pk=self.kwargs["organisation_pk"])
        return selectors.share_rows(organisation)


class OrganisationPassport(generics.GenericAPIView):
    """Exactly the shared sections of one passport; every call is recorded in the holder's access log."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: dict})
    def get(self, request, organisation_pk, passport_pk):
        share = shared_share_or_404(request.user, organisation_pk, passport_pk)
        view = selectors.shared_passport(share)
        services.passport_view_record(viewer=request.user, organisation=share.organisation, passport=share.passport,
                                      sections=view["sections"], channel="api")
        return Response(view)


urlpatterns = [
    path("passport/shares/", ShareListCreate.as_view(), name="sharing-api-shares"),
    path("passport/shares/<int:pk>/", ShareDetail.as_view(), name="sharing-api-share"),
    path("passport/access-log/", AccessLog.as_view(), name="sharing-api-access-log"),
    path("volunteering/organisations/<int:organisation_pk>/passports/", OrganisationPassports.as_view(),
         name="sharing-api-org-passports"),
    path("volunteering/organisations/<int:organisation_pk>/passports/<int:passport_pk>/",
         OrganisationPassport.as_view(), name="sharing-api-org-passport"),
]
