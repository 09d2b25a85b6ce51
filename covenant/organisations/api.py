"""The organisations API: the public directory, registering an organisation and, for admins, its members."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response

from covenant.core.permissions import get_object_or_404_for

from . import selectors, services
from .models import Organisation
from .serializers import (
    MemberSerializer,
    OrganisationCreateSerializer,
    OrganisationQuerySerializer,
    OrganisationSerializer,
    as_drf_validation_error,
)


class CanRegisterOrganisation(permissions.BasePermission):
    message = "Confirm your email address before you register an organisation"

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated
                    and request.user.has_perm("organisations.add_organisation"))


class OrganisationListCreate(generics.ListCreateAPIView):
    """Verified organisations by name; anyone signed in with a confirmed email may register one."""

    serializer_class = OrganisationSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanRegisterOrganisation]
    filter_backends: list = []

    def get_queryset(self):
        query = OrganisationQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.verified_organisations(
            type=query.validated_data.get("type", ""), text=query.validated_data.get("q", "")
        )

    @extend_schema(parameters=[OrganisationQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=OrganisationCreateSerializer, responses={201: OrganisationSerializer})
    def post(self, request, *args, **kwargs):
        serializer = OrganisationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            organisation = services.organisation_create(actor=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        return Response(OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationDetail(generics.RetrieveAPIView):
    """One organisation: public once verified; its members and platform staff see it before that."""

    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.all()

    def get_object(self):
        return get_object_or_404_for(self.request.user, "organisations.view_organisation", Organisation,
                                     pk=self.kwargs["pk"])


class OrganisationMembers(generics.ListAPIView):
    """The members of an organisation and their roles, for its administrators only (404 to anyone else)."""

    serializer_class = MemberSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.members_of(Organisation())
        organisation = get_object_or_404_for(self.request.user, "organisations.manage_members", Organisation,
                                             pk=self.kwargs["pk"])
        return selectors.members_of(organisation)

