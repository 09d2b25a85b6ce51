"""API representation of audit entries and the API's filter parameters."""

from rest_framework import serializers

from .models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_label", read_only=True)
    target_type = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = ["id", "created_at", "actor", "action", "target_type", "target_id", "target_label", "changes", "metadata"]
        read_only_fields = fields

    def get_target_type(self, entry) -> str | None:
        if entry.target_type is None:
            return None
        return f"{entry.target_type.app_label}.{entry.target_type.model}"


class AuditFilterSerializer(serializers.Serializer):
    actor = serializers.CharField(required=False, max_length=254, allow_blank=True)
    action = serializers.RegexField(
        r"^[A-Za-z0-9_.\-]*$",
        required=False,
        max_length=100,
        allow_blank=True,
        error_messages={"invalid": "Action must only include letters, numbers, dots, hyphens and underscores"},
    )
    target_type = serializers.CharField(required=False, max_length=201, allow_blank=True)
    target_id = serializers.CharField(required=False, max_length=64, allow_blank=True)
    date_from = serializers.DateField(required=False, input_formats=["iso-8601"])
    date_to = serializers.DateField(required=False, input_formats=["iso-8601"])

    def validate_target_type(self, value):
        from .selectors import content_type_from_key

        if not value:
            return None
        content_type = content_type_from_key(value)
        if content_type is None:
            raise serializers.ValidationError("Give the type as app_label.model, like organisations.organisation")
        return content_type

    def validate(self, attrs):
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"date_to": "date_to must be the same as or after date_from"})
        return attrs
