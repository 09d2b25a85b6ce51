"""The Right to Challenge API: public challenges and windows, the whole expression of interest for its body and
council, the officers' queue, and the council's decision. Mounted under /api/v1/ through api_urlpatterns."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from covenant.core.permissions import get_object_or_404_for
from covenant.organisations.serializers import as_drf_validation_error

from . import selectors, services
from .models import Challenge, ChallengeStatus, Window
from .serializers import (
    ChallengeContentSerializer,
    ChallengeDecisionSerializer,
    ChallengeSerializer,
    ChallengeWindowSerializer,
)

NOT_FOUND = OpenApiResponse(description="No such challenge, or not one you may see (the API's error body)")


PUBLIC_STATUSES = [status for status in ChallengeStatus.values if status != ChallengeStatus.DRAFT]


def _service_id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiValidationError({"service": ["Enter the service's id, a whole number like 12"]}) from None


class ChallengeList(generics.ListAPIView):
    """Every expression of interest a council has received, newest first."""

    serializer_class = ChallengeSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends: list = []

    def get_queryset(self):
        queryset = selectors.public_challenges()
        params = self.request.query_params
        if "service" in params:
            queryset = queryset.filter(service_id=_service_id(params["service"]))
        if "council" in params:
            queryset = queryset.filter(service__local_authority_id=params["council"].strip().upper())
        if "status" in params:
            if params["status"] not in PUBLIC_STATUSES:
                raise ApiValidationError({"status": [f"Choose a status from {', '.join(PUBLIC_STATUSES)}"]})
            queryset = queryset.filter(status=params["status"])
        return queryset

    @extend_schema(
        summary="List challenges under the Community Right to Challenge", tags=["challenges"],
        parameters=[OpenApiParameter("service", int, description="A catalogue service's id"),
                    OpenApiParameter("council", str, description="The ONS code of the council's area"),
                    OpenApiParameter("status", str, description="One of: " + ", ".join(PUBLIC_STATUSES))],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ChallengeDetail(generics.RetrieveAPIView):
    serializer_class = ChallengeSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self):
        challenge = get_object_or_404_for(self.request.user, "services_challenge.view_challenge",
                                          selectors.public_challenges(), pk=self.kwargs["pk"])
        return challenge

    @extend_schema(summary="A challenge: its body, service, status, dates and decision", tags=["challenges"],
                   responses={200: ChallengeSerializer, 404: NOT_FOUND})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ChallengeContent(generics.RetrieveAPIView):
    """The whole expression of interest, finances included: for its body and the council's officers only."""

    serializer_class = ChallengeContentSerializer

    def get_object(self):
        return get_object_or_404_for(self.request.user, "services_challenge.view_content",
                                     selectors._with_related(Challenge.objects.all()), pk=self.kwargs["pk"])

    @extend_schema(summary="The whole expression of interest (its body and the council only)", tags=["challenges"],
                   responses={200: ChallengeContentSerializer, 404: NOT_FOUND})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ChallengeQueue(generics.ListAPIView):
    """The officer's queue: expressions of interest in their councils' services, soonest deadline first."""

    serializer_class = ChallengeSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Challenge.objects.none()
        if not self.request.user.has_perm("services_challenge.view_queue"):
            raise Http404
        return selectors.queue_for(self.request.user).order_by("decision_due_on", "pk")

    @extend_schema(summary="The council officer's queue of challenges", tags=["challenges"],
                   responses={200: ChallengeSerializer(many=True),
                              404: OpenApiResponse(description="Only council officers have a queue")})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ChallengeDecision(generics.GenericAPIView):
    serializer_class = ChallengeDecisionSerializer

    @extend_schema(summary="Decide on an expression of interest", tags=["challenges"], request=ChallengeDecisionSerializer,
                   responses={200: ChallengeSerializer, 400: OpenApiResponse(description="The API's error body"),
                              404: NOT_FOUND})
    def post(self, request, pk):
        challenge = get_object_or_404_for(request.user, "services_challenge.review_challenge",
                                          selectors._with_related(Challenge.objects.all()), pk=pk)
        serializer = ChallengeDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            if data["decision"] == "accept":
                challenge = services.challenge_accept(
                    actor=request.user, challenge=challenge, minimum_months=data.get("minimum_months"),
                    maximum_months=data.get("maximum_months"), reasons=data.get("reasons", ""),
                    lateness_reason=data.get("lateness_reason", ""))
            else:
                challenge = services.challenge_reject(
                    actor=request.user, challenge=challenge, grounds=data.get("grounds", []),
                    reasons=data.get("reasons", ""), lateness_reason=data.get("lateness_reason", ""))
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        return Response(ChallengeSerializer(challenge, context={"request": request}).data, status=status.HTTP_200_OK)


class WindowList(generics.ListAPIView):
    """The submission windows of published services open to challenge."""

    serializer_class = ChallengeWindowSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends: list = []

    def get_queryset(self):
        queryset = Window.objects.filter(service__is_published=True).order_by("service_id", "opens_on", "pk")
        if "service" in self.request.query_params:
            queryset = queryset.filter(service_id=_service_id(self.request.query_params["service"]))
        return queryset

    @extend_schema(summary="Councils' submission windows for the Right to Challenge", tags=["challenges"],
                   parameters=[OpenApiParameter("service", int, description="A catalogue service's id")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


api_urlpatterns = [
    path("challenges/", ChallengeList.as_view(), name="challenge-api-list"),
    path("challenges/queue/", ChallengeQueue.as_view(), name="challenge-api-queue"),
    path("challenges/windows/", WindowList.as_view(), name="challenge-api-windows"),
    path("challenges/<int:pk>/", ChallengeDetail.as_view(), name="challenge-api-detail"),
    path("challenges/<int:pk>/content/", ChallengeContent.as_view(), name="challenge-api-content"),
    path("challenges/<int:pk>/decision/", ChallengeDecision.as_view(), name="challenge-api-decision"),
]
