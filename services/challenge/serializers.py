"""Serializers of the Right to Challenge API: the public view of a challenge (never its finances), the whole
expression of interest for the body and the council, windows, and the council's decision as input."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import selectors
from .models import Challenge, ChallengeStatus, Modification, RejectionGround, Window
from .services import MAX_PROCUREMENT_MONTHS, REASON_MAX


class ChallengeServiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    name = serializers.CharField()
    council = serializers.CharField(source="owner.name")
    local_authority = serializers.CharField(source="local_authority_id", help_text="ONS code of the council's area")


class ChallengeGroundSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="One of: " + ", ".join(RejectionGround.values))
    label = serializers.CharField()


class ChallengeBodySerializer(serializers.Serializer):
    kind = serializers.CharField(source="body_kind", help_text="organisation or employees")
    name = serializers.SerializerMethodField(help_text="The organisation, or how many employees of the council")
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)

    def get_name(self, challenge: Challenge) -> str:
        return selectors.body_name(challenge)


class ChallengeDecisionOutSerializer(serializers.Serializer):
    outcome = serializers.CharField(source="status", help_text="accepted or rejected")
    decided_on = serializers.DateField()
    grounds = serializers.SerializerMethodField()
    reasons = serializers.CharField()
    lateness_reason = serializers.CharField(help_text="Why the decision came after its due date; empty when on time")
    procurement_minimum_months = serializers.IntegerField(allow_null=True)
    procurement_maximum_months = serializers.IntegerField(allow_null=True)
    procurement_earliest_on = serializers.DateField(allow_null=True,
                                                    help_text="The earliest day the procurement exercise may begin")
    procurement_latest_on = serializers.DateField(allow_null=True,
                                                  help_text="The latest day the procurement exercise may begin")

    @extend_schema_field(ChallengeGroundSerializer(many=True))
    def get_grounds(self, challenge: Challenge) -> list[dict]:
        labels = dict(RejectionGround.choices)
        return [{"code": ground, "label": str(labels[ground])} for ground in challenge.grounds if ground in labels]


class ChallengeSerializer(serializers.ModelSerializer):
    """What is public about a challenge: its body, service, status, dates and decision."""

    url = serializers.SerializerMethodField()
    service = ChallengeServiceSerializer()
    status = serializers.CharField(help_text="One of: " + ", ".join(s for s in ChallengeStatus.values if s != "draft"))
    body = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display")
    days_left = serializers.SerializerMethodField(
        help_text="Days until the decision is due (negative once overdue); null once decided")
    decision = serializers.SerializerMethodField()

    class Meta:
        model = Challenge
        fields = ["id", "url", "service", "body", "status", "status_label", "received_on", "window_opens_on",
                  "window_closes_on", "decision_due_on", "days_left", "decision"]

    def get_url(self, challenge: Challenge) -> str:
        from django.urls import reverse

        url = reverse("services:challenge-detail", kwargs={"pk": challenge.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema_field(ChallengeBodySerializer)
    def get_body(self, challenge: Challenge) -> dict:
        return ChallengeBodySerializer(challenge).data

    @extend_schema_field(OpenApiTypes.INT)
    def get_days_left(self, challenge: Challenge) -> int | None:
        deadline = selectors.deadline(challenge)
        return deadline.days_left if deadline is not None and not challenge.is_decided else None

    @extend_schema_field(ChallengeDecisionOutSerializer(allow_null=True))
    def get_decision(self, challenge: Challenge) -> dict | None:
        return ChallengeDecisionOutSerializer(challenge).data if challenge.is_decided else None


class ChallengeEmployeeSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField(allow_blank=True)


class ChallengeModificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Modification
        fields = ["id", "request", "requested_at", "agreed", "answer", "answered_at"]


class ChallengeContentSerializer(ChallengeSerializer):
    """The whole expression of interest, for the body and the council's officers."""

    employees = ChallengeEmployeeSerializer(many=True)
    modifications = ChallengeModificationSerializer(many=True)

    class Meta(ChallengeSerializer.Meta):
        fields = [*ChallengeSerializer.Meta.fields, "not_for_profit", "employees", "employees_declared",
                  "finances", "capability", "social_value", "economic_value", "environmental_value", "users_needs",
                  "modifications"]


class ChallengeWindowSerializer(serializers.ModelSerializer):
    service = serializers.IntegerField(source="service_id")

    class Meta:
        model = Window
        fields = ["id", "service", "opens_on", "closes_on"]


class ChallengeDecisionSerializer(serializers.Serializer):
    """The council's decision: accept with the periods before procurement, or reject on statutory grounds."""

    decision = serializers.CharField(help_text="accept or reject")
    minimum_months = serializers.IntegerField(required=False, min_value=0, max_value=MAX_PROCUREMENT_MONTHS,
                                              help_text="Accepting: the minimum period before procurement begins")
    maximum_months = serializers.IntegerField(required=False, min_value=0, max_value=MAX_PROCUREMENT_MONTHS,
                                              help_text="Accepting: the maximum period before procurement begins")
    grounds = serializers.ListField(child=serializers.CharField(), required=False,
                                    help_text="Rejecting: one or more statutory grounds, of: "
                                              + ", ".join(RejectionGround.values))
    reasons = serializers.CharField(required=False, allow_blank=True, max_length=REASON_MAX)
    lateness_reason = serializers.CharField(required=False, allow_blank=True, max_length=REASON_MAX,
                                            help_text="Required when the decision is made after its due date")

    def validate_decision(self, value: str) -> str:
        if value not in ("accept", "reject"):
            raise serializers.ValidationError("Choose accept or reject")
        return value
