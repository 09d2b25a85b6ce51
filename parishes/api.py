"""The parishes API: public, read-only proposals with petition counts (never names), decisions, active parishes
with their officers, meetings, decisions' vote counts, budget and spending, and every public parish area as
GeoJSON. Mounted under /api/v1/ through api_urlpatterns."""

from django.db.models import Prefetch, QuerySet
from django.urls import path
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from . import selectors, selectors_active
from .filters import AreaFilter, ProposalFilter
from .models import Proposal, RequestedPower
from .serializers import (
    FEATURE_COLLECTION_SCHEMA,
    ParishDecisionSerializer,
    ParishDetailSerializer,
    ParishMeetingSerializer,
    ParishSpendingSerializer,
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


PARISH_404 = {404: OpenApiResponse(description="No pop-up parish, active or ended, has that slug")}


@extend_schema_view(
    list=extend_schema(summary="List active pop-up parishes",
                       description="Approved parishes holding their powers today (until their sunset date).",
                       responses={200: ProposalSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(
        summary="A pop-up parish in full",
        description="An active parish, or one whose term has ended: its members count (never names), officers, "
                    "the days its powers have left, its budget, renewals and evaluation.",
        responses={200: ParishDetailSerializer, **PARISH_404}),
)
@extend_schema(tags=["parishes"])
class ActiveParishViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [CanViewProposal]
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    ordering_fields = ["name", "sunset_on"]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        if self.action != "list":
            # One parish, and its records, stay readable after its sunset date.
            return _for_api(selectors_active.parishes())
        active = selectors.active_parishes().values("pk")
        return _for_api(selectors.public_proposals().filter(pk__in=active)).order_by("name", "pk")

    def get_serializer_class(self):
        return ParishDetailSerializer if self.action == "retrieve" else ProposalSerializer

    def _page_of(self, queryset, serializer_class):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True, context=self.get_serializer_context()).data)

    @extend_schema(summary="A parish's meetings", description="Every meeting, the latest first, with its agenda "
                   "and minutes once published, and cancelled ones with their reason.",
                   responses={200: ParishMeetingSerializer(many=True), **PARISH_404})
    @action(detail=True, filter_backends=[])
    def meetings(self, request, slug=None):
        parish = self.get_object()
        return self._page_of(selectors_active.meetings_of(parish).select_related("parish")
                             .order_by("-starts_at", "-id"), ParishMeetingSerializer)

    @extend_schema(summary="A parish's decisions", description="Every decision, the latest first, with its vote "
                   "counts, quorum and outcome. How each member voted is not published.",
                   responses={200: ParishDecisionSerializer(many=True), **PARISH_404})
    @action(detail=True, filter_backends=[])
    def decisions(self, request, slug=None):
        return self._page_of(selectors_active.decisions_of(self.get_object()), ParishDecisionSerializer)

    @extend_schema(summary="A parish's spending", description="Every payment from its delegated budget, the latest "
                   "first; the totals are in the parish's budget.",
                   responses={200: ParishSpendingSerializer(many=True), **PARISH_404})
    @action(detail=True, filter_backends=[])
    def spending(self, request, slug=None):
        return self._page_of(selectors_active.spending_of(self.get_object()), ParishSpendingSerializer)


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
