"""API for the open-data feed: published needs in the UK Volunteering Data Standard's JSON-LD, page by page."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from covenant.core.api import Pagination

from ..selectors.opendata import opendata_feed, opendata_graph, opendata_needs


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class FeedPagination(Pagination):
    page_size = 50


class HasFeedPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("volunteers.view_opendata_feed")


class OpenDataFeed(APIView):
    """Published needs as organisations embedding their activities, roles and sessions (JSON-LD)."""

    authentication_classes: list = []
    permission_classes = [HasFeedPermission]
    renderer_classes = [JSONLDRenderer, JSONRenderer, BrowsableAPIRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter("page", int, description="Page number, from 1"),
            OpenApiParameter("page_size", int, description="Needs a page, up to 200 (default 50)"),
        ],
        responses={200: {"type": "object"}},
    )
    def get(self, request):
        paginator = FeedPagination()
        needs = paginator.paginate_queryset(opendata_needs(), request, view=self)
        body = opendata_feed(graph=opendata_graph(needs))
        body["count"] = paginator.page.paginator.count
        body["next"] = paginator.get_next_link()
        body["previous"] = paginator.get_previous_link()
        return Response(body)


urlpatterns = [
    path("volunteering/opendata/feed/", OpenDataFeed.as_view(), name="volunteers-opendata-feed"),
]
