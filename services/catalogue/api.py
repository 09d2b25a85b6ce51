"""The catalogue API: published services, listed with filters and one at a time. Mounted under /api/v1/."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.routers import SimpleRouter

from . import selectors
from .filters import ServiceFilter
from .serializers import ServiceDetailSerializer, ServiceSerializer


class ReadOnly(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS


@extend_schema_view(
    list=extend_schema(summary="List published public services",
                       description="Every council's and parish council's published services, by name.",
                       responses={200: ServiceSerializer(many=True),
                                  400: OpenApiResponse(description="A filter's value is not valid (the API's error "
                                                                   "body)")}),
    retrieve=extend_schema(summary="A published public service, with its links to other parts",
                           responses={200: ServiceDetailSerializer,
                                      404: OpenApiResponse(description="No published service has that id")}),
)
@extend_schema(tags=["services"])
class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ReadOnly]
    filterset_class = ServiceFilter
    lookup_value_regex = "[0-9]+"
    ordering_fields = ["name", "contract_ends_on", "annual_budget"]

    def get_queryset(self):
        return selectors.published_services().order_by("name", "pk")

    def get_serializer_class(self):
        return ServiceDetailSerializer if self.action == "retrieve" else ServiceSerializer


router = SimpleRouter()
router.register("services", ServiceViewSet, basename="services-service")

api_urlpatterns = router.urls
