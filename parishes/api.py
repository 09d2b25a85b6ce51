"""The parishes API: public, read-only proposals with petition counts (never names), decisions, active parishes,
and every public parish area as GeoJSON. Mounted under /api/v1/ through api_urlpatterns."""

from django.db.models import Prefetch, QuerySet
from django.urls import path
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, permissions, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from . import selectors
from .filters import AreaFilter, ProposalFilter
from .models import Proposal, RequestedPower
from .serializers import (
    FEATURE_COLLECTION_SCHEMA,
    ProposalDetailSerializer,
    ProposalSerializer,
    area_feature,
)


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class CanViewProposal(permissions.BasePermission):
    """Read-only; each proposal also passes the rules' parishes.view_proposal, so only public ones are shown."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS

    def has_object_permission(self, request, view, obj) -> bool:
        return request.user.has_perm("parishes.view_proposal", obj)


def _for_api(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """The rows each serialized proposal reads, fetched once for the whole page."""
    return queryset.prefetch_related(
        "covering_authorities",
        Prefetch("requested_powers", queryset=RequestedPower.objects.select_related("power")),
    )


LIST_ERRORS = {400: OpenApiResponse(description="A filter's value is not valid (the API's error body)")}


@extend_schema_view(
    list=extend_schema(summary="List public pop-up parish proposals",
                       description="Every proposal past its draft, newest petition first, with its petition's "
                                   "counts (never who signed).",
                       responses={200: ProposalSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(summary="A public proposal with its timeline and decision",
                           responses={200: ProposalDetailSerializer,
                                      404: OpenApiResponse(description="No public proposal has that slug")}),
)
@extend_schema(tags=["parishes"])
class ProposalViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [CanViewProposal]
    filterset_class = ProposalFilter
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    ordering_fields = ["published_at", "name", "sunset_on", "review_deadline"]

    def get_queryset(self):
        # Public proposals only: a draft is nobody's business here, its own proposers' included.
        return _for_api(selectors.public_proposals())

    def get_serializer_class(self):
        return ProposalDetailSerializer if self.action == "retrieve" else ProposalSerializer


@extend_schema_view(
    list=extend_schema(summary="List active pop-up parishes",
                       description="Approved parishes holding their powers today (until their sunset date).",
                       responses={200: ProposalSerializer(many=True), **LIST_ERRORS}),
)
@extend_schema(tags=["parishes"])
class ActiveParishViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [CanViewProposal]
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    ordering_fields = ["name", "sunset_on"]

    def get_queryset(self):
        active = selectors.active_parishes().values("pk")
        return _for_api(selectors.public_proposals().filter(pk__in=active)).order_by("name", "pk")


class AreasView(generics.ListAPIView):
    """Every public proposal's and parish's area as one GeoJSON FeatureCollection, for maps."""

    permission_classes = [CanViewProposal]
    renderer_classes = [GeoJSONRenderer, JSONRenderer]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AreaFilter
    # One map needs every area at once; the properties are few, so the collection stays small.
    pagination_class = None

    def get_queryset(self):
        return Proposal.objects.filter(pk__in=selectors.public_proposals().values("pk")).only(
            "name", "slug", "status", "sunset_on", "area").order_by("name", "pk")

    @extend_schema(
        summary="Parish areas as GeoJSON",
        description="A FeatureCollection (RFC 7946) of every public proposal's and parish's area, with its name, "
                    "status, public page and sunset date. Not paginated.",
        tags=["parishes"],
        responses={200: OpenApiResponse(response=FEATURE_COLLECTION_SCHEMA, description="A FeatureCollection"),
                   **LIST_ERRORS},
    )
    def get(self, request, *args, **kwargs):
        proposals = self.filter_queryset(self.get_queryset())
        return Response({"type": "FeatureCollection",
                         "features": [area_feature(request, proposal) for proposal in proposals]})


router = SimpleRouter()
router.register("parishes/proposals", ProposalViewSet, basename="parishes-proposal")
router.register("parishes/active", ActiveParishViewSet, basename="parishes-active")

api_urlpatterns = [
    path("parishes/areas.geojson", AreasView.as_view(), name="parishes-areas"),
    *router.urls,
]
