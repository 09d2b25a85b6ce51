"""The co-design API: public and read-only. Published processes with their phases and budget, their ideas and
proposals with supports and costs, and published results. Mounted under /api/v1/ through api_urlpatterns."""

from django.db.models import Prefetch
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, permissions, viewsets
from rest_framework.routers import SimpleRouter

from covenant.core.permissions import get_object_or_404_for

from . import selectors
from .filters import ProcessFilter
from .models import Contribution, ContributionKind, Phase, Process
from .serializers import (
    CodesignContributionSerializer,
    CodesignProcessSerializer,
    CodesignResultSerializer,
)


class ReadOnly(permissions.BasePermission):
    """Read-only; each process also passes the rules' services_codesign.view_process (no drafts)."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS

    def has_object_permission(self, request, view, obj) -> bool:
        return request.user.has_perm("services_codesign.view_process", obj)


SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The process's slug")
LIST_ERRORS = {400: OpenApiResponse(description="A filter's value is not valid (the API's error body)")}
NOT_FOUND = {404: OpenApiResponse(description="No published process has that slug")}


def _public() -> Prefetch:
    return Prefetch("phases", queryset=Phase.objects.order_by("starts_on", "id"))


@extend_schema_view(
    list=extend_schema(summary="List co-design processes",
                       description="Published and closed processes, newest first, with their phases and budget.",
                       responses={200: CodesignProcessSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(summary="A co-design process with its phases",
                           responses={200: CodesignProcessSerializer, **NOT_FOUND}),
)
@extend_schema(tags=["co-design"])
class ProcessViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ReadOnly]
    serializer_class = CodesignProcessSerializer
    filterset_class = ProcessFilter
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    ordering_fields = ["published_at", "title"]

    def get_queryset(self):
        return selectors.public_processes().prefetch_related(_public())


class _ContributionList(generics.ListAPIView):
    """Ideas or proposals of one published process."""

    permission_classes = [ReadOnly]
    serializer_class = CodesignContributionSerializer
    kind = ""
    filter_backends: list = []

    def _process(self) -> Process:
        # Published and closed processes only: a draft is nobody's business here, its officers' included.
        return get_object_or_404_for(self.request.user, "services_codesign.view_process",
                                     selectors.public_processes(), slug=self.kwargs["slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Contribution.objects.none()
        process = self._process()
        order = "supports" if self.kind == ContributionKind.PROPOSAL else "newest"
        return selectors.contributions(process, self.kind, order=order).select_related("process")


@extend_schema(tags=["co-design"], parameters=[SLUG], summary="Proposals of a process",
               description="Every proposal, most supported first, with its cost, supports and the council's "
                           "response. A hidden proposal keeps its place with the council's reason, without its "
                           "words.", responses={200: CodesignContributionSerializer(many=True), **NOT_FOUND})
class ProposalList(_ContributionList):
    kind = ContributionKind.PROPOSAL


@extend_schema(tags=["co-design"], parameters=[SLUG], summary="Ideas of a process",
               description="Every idea, newest first, with its supports, comments and the council's response.",
               responses={200: CodesignContributionSerializer(many=True), **NOT_FOUND})
class IdeaList(_ContributionList):
    kind = ContributionKind.IDEA


@extend_schema(tags=["co-design"], parameters=[SLUG], summary="The published result of a participatory budget",
               description="Each proposal's votes, rank, whether it was selected and the running total, with the "
                           "SHA-256 of the ballots' data and the addresses of the anonymised ballots to recount.",
               responses={200: CodesignResultSerializer,
                          404: OpenApiResponse(description="No published process has that slug, or its result is "
                                                           "not published")})
class ResultView(generics.RetrieveAPIView):
    permission_classes = [ReadOnly]
    serializer_class = CodesignResultSerializer
    filter_backends: list = []

    def get_object(self):
        process = get_object_or_404_for(self.request.user, "services_codesign.view_process",
                                        selectors.public_processes(), slug=self.kwargs["slug"])
        result = selectors.result_of(process)
        if result is None:
            raise Http404
        return result


router = SimpleRouter()
router.register("co-design/processes", ProcessViewSet, basename="codesign-process")

api_urlpatterns = [
    *router.urls,
    path("co-design/processes/<slug:slug>/proposals/", ProposalList.as_view(), name="codesign-proposals"),
    path("co-design/processes/<slug:slug>/ideas/", IdeaList.as_view(), name="codesign-ideas"),
    path("co-design/processes/<slug:slug>/result/", ResultView.as_view(), name="codesign-result"),
]
