"""The assets of community value API: the public register with every date, the planning data's dataset, the
officers' queue, and the council's decision, owners' notices and groups' requests to bid. Mounted under /api/v1/
through api_urlpatterns."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from covenant.core.permissions import get_object_or_404_for
from covenant.organisations.models import Organisation
from covenant.organisations.serializers import as_drf_validation_error

from . import export, selectors, services
from .models import Asset, AssetStatus
from .serializers import (
    AssetBidRequestSerializer,
    AssetDecisionSerializer,
    AssetEntitySerializer,
    AssetNoticeSerializer,
    AssetSerializer,
)

PUBLIC_STATUSES = [status for status in AssetStatus.values if status != AssetStatus.DRAFT]
NOT_FOUND = OpenApiResponse(description="No such asset, or not one you may act on (the API's error body)")
BAD_INPUT = OpenApiResponse(description="The API's error body, naming each field that is wrong")


def _for_api(queryset):
    return queryset.prefetch_related("notices__bid_requests")


class AssetList(generics.ListAPIView):
    """Every nomination past its draft: listed, being considered, unsuccessful and removed."""

    serializer_class = AssetSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends: list = []

    def get_queryset(self):
        queryset = _for_api(selectors.public_assets()).order_by("name", "pk")
        params = self.request.query_params
        if "council" in params:
            queryset = queryset.filter(local_authority_id=params["council"].strip().upper())
        if "status" in params:
            if params["status"] not in PUBLIC_STATUSES:
                raise ApiValidationError({"status": [f"Choose a status from {', '.join(PUBLIC_STATUSES)}"]})
            queryset = queryset.filter(status=params["status"])
        return queryset

    @extend_schema(summary="List assets of community value and nominations", tags=["assets of community value"],
                   parameters=[OpenApiParameter("council", str, description="The ONS code of the council's area"),
                               OpenApiParameter("status", str, description="One of: " + ", ".join(PUBLIC_STATUSES))],
                   responses={200: AssetSerializer(many=True), 400: BAD_INPUT})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AssetDetail(generics.RetrieveAPIView):
    serializer_class = AssetSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self):
        return get_object_or_404_for(self.request.user, "services_assets.view_asset",
                                     _for_api(selectors.public_assets()), pk=self.kwargs["pk"])

    @extend_schema(summary="An asset of community value with every date of its listing and moratorium",
                   tags=["assets of community value"], responses={200: AssetSerializer, 404: NOT_FOUND})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AssetDataset(generics.GenericAPIView):
    """The register as the planning data's asset-of-community-value dataset (the same as the CSV and JSON
    downloads of the register's page)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = AssetEntitySerializer
    pagination_class = None

    @extend_schema(summary="The register in the planning data's asset-of-community-value fields",
                   tags=["assets of community value"],
                   responses={200: inline_serializer("AssetDataset", {
                       "dataset": serializers.CharField(), "entities": AssetEntitySerializer(many=True)})})
    def get(self, request):
        return Response(export.as_json(export.entities()))


class AssetQueue(generics.ListAPIView):
    """The officer's queue: nominations and entries of their councils, soonest decision first."""

    serializer_class = AssetSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Asset.objects.none()
        if not self.request.user.has_perm("services_assets.view_queue"):
            raise Http404
        return _for_api(selectors.queue_for(self.request.user)).order_by("decision_due_on", "pk")

    @extend_schema(summary="The council officer's queue of assets", tags=["assets of community value"],
                   responses={200: AssetSerializer(many=True),
                              404: OpenApiResponse(description="Only council officers have a queue")})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _act(request, pk: int, perm: str, serializer_class, act):
    asset = get_object_or_404_for(request.user, perm, selectors._with_related(Asset.objects.all()), pk=pk)
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        act(asset, serializer.validated_data)
    except DjangoValidationError as error:
        raise as_drf_validation_error(error) from None
    asset = _for_api(selectors.public_assets()).get(pk=asset.pk)
    return Response(AssetSerializer(asset, context={"request": request}).data, status=status.HTTP_200_OK)


class AssetDecision(generics.GenericAPIView):
    serializer_class = AssetDecisionSerializer

    @extend_schema(summary="Decide on a nomination: list it, or not", tags=["assets of community value"],
                   request=AssetDecisionSerializer, responses={200: AssetSerializer, 400: BAD_INPUT, 404: NOT_FOUND})
    def post(self, request, pk):
        return _act(request, pk, "services_assets.review_asset", AssetDecisionSerializer,
                    lambda asset, data: services.asset_decide(actor=request.user, asset=asset, **data))


class AssetNotice(generics.GenericAPIView):
    serializer_class = AssetNoticeSerializer

    @extend_schema(summary="Record the owner's notice of intention to sell", tags=["assets of community value"],
                   request=AssetNoticeSerializer, responses={200: AssetSerializer, 400: BAD_INPUT, 404: NOT_FOUND})
    def post(self, request, pk):
        return _act(request, pk, "services_assets.record_notice", AssetNoticeSerializer,
                    lambda asset, data: services.notice_record(actor=request.user, asset=asset, **data))


class AssetBidRequest(generics.GenericAPIView):
    serializer_class = AssetBidRequestSerializer

    @extend_schema(summary="Ask to be treated as a potential bidder", tags=["assets of community value"],
                   request=AssetBidRequestSerializer, responses={200: AssetSerializer, 400: BAD_INPUT,
                                                                 404: NOT_FOUND})
    def post(self, request, pk):
        def act(asset, data):
            organisation = None
            if data.get("organisation") is not None:
                organisation = Organisation.objects.filter(pk=data["organisation"]).first()
                if organisation is None:
                    raise DjangoValidationError({"organisation": "Choose an organisation you are an administrator "
                                                                 "of"})
            services.bid_request(actor=request.user, asset=asset, group_name=data.get("group_name", ""),
                                 organisation=organisation, received_on=data.get("received_on"))

        return _act(request, pk, "services_assets.request_bid", AssetBidRequestSerializer, act)


api_urlpatterns = [
    path("assets-of-community-value/", AssetList.as_view(), name="asset-api-list"),
    path("assets-of-community-value/dataset/", AssetDataset.as_view(), name="asset-api-dataset"),
    path("assets-of-community-value/queue/", AssetQueue.as_view(), name="asset-api-queue"),
    path("assets-of-community-value/<int:pk>/", AssetDetail.as_view(), name="asset-api-detail"),
    path("assets-of-community-value/<int:pk>/decision/", AssetDecision.as_view(), name="asset-api-decision"),
    path("assets-of-community-value/<int:pk>/notices/", AssetNotice.as_view(), name="asset-api-notices"),
    path("assets-of-community-value/<int:pk>/bid-requests/", AssetBidRequest.as_view(),
         name="asset-api-bid-requests"),
]
