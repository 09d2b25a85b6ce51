"""Serializers of the catalogue API: read-only, public views of published services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from covenant.places.serializers import LocalAuthoritySummarySerializer

from . import selectors
from .models import DeliveryModel, Involvement, Service


class CouncilSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    key = serializers.SerializerMethodField(help_text="How addresses name it: its ONS code, or its id without one")
    org_id = serializers.CharField(help_text="Its org-id identifier, like GB-LAE-SUN")

    def get_key(self, organisation) -> str:
        return selectors.council_key(organisation)


class WardSummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class LinkSerializer(serializers.Serializer):
    group = serializers.CharField(help_text="What the link is, like Commissioning exercises")
    text = serializers.CharField()
    url = serializers.CharField()
    status = serializers.CharField(allow_blank=True)


class ServiceSerializer(serializers.ModelSerializer):
    """A published service, for lists."""

    url = serializers.SerializerMethodField(help_text="The service's public page")
    council = CouncilSerializer(source="owner")
    local_authority = LocalAuthoritySummarySerializer()
    wards = WardSummarySerializer(many=True, help_text="Empty when it covers the council's whole area")
    delivery = serializers.ChoiceField(choices=DeliveryModel.choices)
    delivery_label = serializers.CharField(source="get_delivery_display")
    provider_organisation = ProviderSerializer(allow_null=True)
    involvement = serializers.ListField(child=serializers.ChoiceField(choices=Involvement.choices),
                                        help_text="The ways residents can get involved")

    class Meta:
        model = Service
        fields = ["id", "url", "reference", "name", "description", "who_it_serves", "council", "local_authority",
                  "wards", "annual_budget", "delivery", "delivery_label", "provider", "provider_organisation",
                  "contract_ends_on", "involvement", "involvement_notes", "updated_at"]

    def get_url(self, service: Service) -> str:
        from .views import service_url

        request = self.context.get("request")
        url = service_url(service)
        return request.build_absolute_uri(url) if request is not None else url


class ServiceDetailSerializer(ServiceSerializer):
    """One service with the links other parts give it (co-design processes, challenges, commissioning)."""

    links = serializers.SerializerMethodField()

    class Meta(ServiceSerializer.Meta):
        fields = [*ServiceSerializer.Meta.fields, "links"]

    @extend_schema_field(LinkSerializer(many=True))
    def get_links(self, service: Service) -> list:
        request = self.context.get("request")
        links = selectors.service_links(service, getattr(request, "user", None))
        return LinkSerializer([{"group": str(link.group), "text": link.text,
                                "url": request.build_absolute_uri(link.url) if request is not None else link.url,
                                "status": str(link.status)} for link in links], many=True).data
