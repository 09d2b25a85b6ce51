"""The places API: public, read-only postcode lookup and lists of areas with deprivation figures."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors
from .filters import LocalAuthorityFilter, LSOAFilter, WardFilter
from .geocoding import GeocoderUnavailable
from .serializers import (
    LocalAuthoritySerializer,
    LSOASerializer,
    PostcodeSerializer,
    WardSerializer,
)


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "geocoder_unavailable"


class CanView(permissions.BasePermission):
    """Read-only access for whoever the rules allow; places data is open, so that is everyone."""

    perm = "places.view_area"

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS and request.user.has_perm(
            getattr(view, "perm", self.perm))


class PostcodeView(APIView):
    permission_classes = [CanView]
    perm = "places.view_postcode"

    @extend_schema(
        summary="Look up a postcode",
        tags=["places"],
        parameters=[OpenApiParameter("postcode", OpenApiTypes.STR, OpenApiParameter.PATH,
                                     description="A full UK postcode in any case or spacing, like sw1a1aa")],
        responses={
            200: PostcodeSerializer,
            400: OpenApiResponse(description="The postcode is malformed"),
            404: OpenApiResponse(description="The postcode is not known"),
            503: OpenApiResponse(description="The postcode service cannot be reached"),
        },
    )
    def get(self, request, postcode: str):
        try:
            areas = selectors.area_for_postcode(postcode)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"postcode": exc.messages}) from None
        except GeocoderUnavailable as exc:
            raise ServiceUnavailable(str(exc)) from None
        if areas is None:
            raise Http404(_("No postcode %(postcode)s is known") % {"postcode": postcode})
        return Response(PostcodeSerializer(PostcodeSerializer.from_areas(areas)).data)


class _AreaViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [CanView]
    perm = "places.view_area"
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z][0-9]{8}"
    ordering_fields = ["code", "name"]
    ordering = ["code"]

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


@extend_schema(tags=["places"])
class LocalAuthorityViewSet(_AreaViewSet):
    serializer_class = LocalAuthoritySerializer
    filterset_class = LocalAuthorityFilter

    def get_queryset(self):
        return selectors.local_authority_list()


@extend_schema(tags=["places"])
class WardViewSet(_AreaViewSet):
    serializer_class = WardSerializer
    filterset_class = WardFilter

    def get_queryset(self):
        return selectors.ward_list()


@extend_schema(tags=["places"])
class LSOAViewSet(_AreaViewSet):
    serializer_class = LSOASerializer
    filterset_class = LSOAFilter
    ordering_fields = ["code", "name", "imd_rank", "imd_decile"]

    def get_queryset(self):
        return selectors.lsoa_list()
