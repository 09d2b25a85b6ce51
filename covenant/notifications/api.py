"""API of notifications: the signed-in person's own list, and marking one as read."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from covenant.core.permissions import get_object_or_404_for

from .models import Notification
from .selectors import notification_list_for
from .serializers import NotificationSerializer
from .services import notification_mark_read


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_unread",
        label="Only unread (true) or only read (false)",
        error_messages={"invalid_choice": "Give unread as true or false"},
    )

    class Meta:
        model = Notification
        fields = ["unread", "event"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "true")


class NotificationListAPI(generics.ListAPIView):
    """The signed-in person's notifications, newest first."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = NotificationFilter
    ordering_fields = ["created"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no signed-in person
            return Notification.objects.none()
        return notification_list_for(user=self.request.user)


class NotificationReadAPI(APIView):
    """Mark one of your notifications as read. Anyone else's answers 404."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = NotificationSerializer

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request, pk: int):
        notification = get_object_or_404_for(request.user, "notifications.read_notification", Notification, pk=pk)
        notification = notification_mark_read(actor=request.user, notification=notification)
        return Response(NotificationSerializer(notification).data)
