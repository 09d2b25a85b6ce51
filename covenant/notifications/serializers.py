"""API representation of a person's notifications."""

from rest_framework import serializers

from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    unread = serializers.BooleanField(source="is_unread", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "event", "title", "body", "url", "created", "read_at", "unread"]
        read_only_fields = fields
