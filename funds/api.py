"""The funds API: published awards, public and read-only, filtered by area, programme, fund and recipient.
Mounted under /api/v1/ through api_urlpatterns."""

from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions

from . import open_data
from .filters import AwardFilter
from .serializers import GrantAwardSerializer


class AwardList(generics.ListAPIView):
    """Every award made for good, newest first: the same grants as the 360Giving files."""

    permission_classes = [permissions.AllowAny]
    serializer_class = GrantAwardSerializer
    filterset_class = AwardFilter
    ordering_fields = ["decided_at", "amount_awarded", "title"]
    ordering = ["-decided_at", "-pk"]

    def get_queryset(self):
        return open_data.published_awards().order_by("-decided_at", "-pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        page = getattr(self, "_page", None)
        if page is not None:
            context["disbursed"] = open_data.disbursed(page)
        return context

    def paginate_queryset(self, queryset):
        self._page = super().paginate_queryset(queryset)
        return self._page

    @extend_schema(
        summary="List published awards",
        description="Grants awarded from Covenant's community funds (also published as 360Giving data at "
                    "/funds/360giving.json and /funds/360giving.csv), newest first.",
        tags=["funds"],
        responses={200: GrantAwardSerializer(many=True),
                   400: OpenApiResponse(description="A filter's value is not valid (the API's error body)")},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


api_urlpatterns = [
    path("funds/awards/", AwardList.as_view(), name="funds-awards"),
]
