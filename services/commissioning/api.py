"""The commissioning API, read-only: published exercises (criteria, weights, lots, method, awards) and awards.
Bids are never given. Mounted under /api/v1/."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.routers import SimpleRouter

from . import selectors
from .filters import AwardFilter, ExerciseFilter
from .models import Award
from .serializers import AwardSerializer, ExerciseDetailSerializer, ExerciseSerializer

LIST_ERRORS = {400: OpenApiResponse(description="A filter's value is not valid (the API's error body)")}


class ReadOnly(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS


@extend_schema_view(
    list=extend_schema(summary="List published commissioning exercises",
                       description="Exercises councils have published, closing soonest first.",
                       responses={200: ExerciseSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(summary="A published commissioning exercise in full",
                           responses={200: ExerciseDetailSerializer,
                                      404: OpenApiResponse(description="No published exercise has that reference")}),
)
@extend_schema(tags=["services"])
class ExerciseViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ReadOnly]
    filterset_class = ExerciseFilter
    lookup_field = "reference"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    ordering_fields = ["bids_close_on", "bids_open_on", "value", "title"]

    def get_queryset(self):
        return selectors.published_exercises().order_by("bids_close_on", "pk")

    def get_serializer_class(self):
        return ExerciseDetailSerializer if self.action == "retrieve" else ExerciseSerializer


@extend_schema_view(
    list=extend_schema(summary="List contract awards",
                       description="Every confirmed award, newest first: the winner, its kind (SME, VCSE...), the "
                                   "contract value, notice and standstill dates, and the published ranking.",
                       responses={200: AwardSerializer(many=True), **LIST_ERRORS}),
)
@extend_schema(tags=["services"])
class AwardViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [ReadOnly]
    serializer_class = AwardSerializer
    filterset_class = AwardFilter
    ordering_fields = ["notice_on", "contract_value"]

    def get_queryset(self):
        return Award.objects.select_related("lot__exercise", "bid__organisation").order_by("-notice_on", "-pk")


router = SimpleRouter()
router.register("services/commissioning/exercises", ExerciseViewSet, basename="services-commissioning-exercise")
router.register("services/commissioning/awards", AwardViewSet, basename="services-commissioning-award")

api_urlpatterns = router.urls
