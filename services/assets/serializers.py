"""Serializers of the assets of community value API: an asset's public record with every date (never its
members or its owner), the planning data's entity, and the council's and groups' inputs."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import export, geometry, selectors
from .models import Asset, AssetStatus
from .services import NAME_MAX, TEXT_MAX


class AssetMoratoriumSerializer(serializers.Serializer):
    notified_on = serializers.DateField(help_text="The day the council received the owner's notice of intention "
                                                  "to sell; the protected period starts on it")
    interim_ends_on = serializers.DateField(help_text="The last day of the 6-week interim moratorium")
    bid_requests_close_on = serializers.DateField(help_text="The last day a group may ask to be treated as a bidder")
    bid_requested = serializers.BooleanField(help_text="Whether a group asked in time, extending the moratorium")
    full_ends_on = serializers.DateField(help_text="The last day of the 6-month moratorium, if a group asked")
    ends_on = serializers.DateField(help_text="The moratorium's last day")
    may_sell_from = serializers.DateField(help_text="The first day the owner may sell")
    protected_ends_on = serializers.DateField(help_text="The last day of the 18-month protected period")
    interested_groups = serializers.ListField(child=serializers.CharField())


class AssetSerializer(serializers.ModelSerializer):
    reference = serializers.CharField()
    url = serializers.SerializerMethodField()
    status = serializers.CharField(help_text="One of: " + ", ".join(s for s in AssetStatus.values if s != "draft"))
    status_label = serializers.CharField(source="get_status_display")
    council = serializers.CharField(source="council.name")
    local_authority = serializers.CharField(source="local_authority_id", help_text="ONS code of the council's area")
    nominating_group = serializers.CharField(source="nominator_name")
    boundary = serializers.SerializerMethodField(help_text="A GeoJSON Polygon or MultiPolygon, when drawn")
    moratorium = serializers.SerializerMethodField()

    class Meta:
        model = Asset
        fields = ["id", "reference", "url", "name", "description", "address", "postcode", "latitude", "longitude",
                  "boundary", "status", "status_label", "council", "local_authority", "nominating_group",
                  "received_on", "decision_due_on", "decided_on", "decision_reasons", "listed_on", "expires_on",
                  "review_requested_on", "review_due_on", "review_decided_on", "review_upheld", "removed_on",
                  "moratorium"]

    def get_url(self, asset: Asset) -> str:
        url = selectors.asset_url(asset)
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_boundary(self, asset: Asset) -> dict | None:
        return geometry.boundary_geojson(asset.boundary)

    @extend_schema_field(AssetMoratoriumSerializer(allow_null=True))
    def get_moratorium(self, asset: Asset) -> dict | None:
        notice = selectors.latest_notice(asset)
        moratorium = selectors.moratorium_of(notice)
        if moratorium is None:
            return None
        in_time = [r.group_name for r in selectors.bid_requests(notice) if moratorium.request_in_time(r.received_on)]
        return AssetMoratoriumSerializer({
            "notified_on": moratorium.notified_on, "interim_ends_on": moratorium.interim_ends_on,
            "bid_requests_close_on": moratorium.bid_requests_close_on, "bid_requested": moratorium.bid_requested,
            "full_ends_on": moratorium.full_ends_on, "ends_on": moratorium.ends_on,
            "may_sell_from": moratorium.may_sell_from, "protected_ends_on": moratorium.protected_ends_on,
            "interested_groups": in_time}).data


def _entity(self, asset: Asset) -> dict:
    return export.entity(asset)


# One entity of the planning data's asset-of-community-value dataset, with exactly its fields (hyphenated names
# cannot be class attributes, so the class is made from them).
AssetEntitySerializer = type("AssetEntitySerializer", (serializers.Serializer,), {
    "__doc__": "One entity of the planning data's asset-of-community-value dataset, with exactly its fields.",
    "__module__": __name__,
    "to_representation": _entity,
    **{field: serializers.CharField(allow_blank=True) for field in export.FIELDS},
})


class AssetDecisionSerializer(serializers.Serializer):
    listed = serializers.BooleanField(help_text="true to list the asset for five years, false not to")
    reasons = serializers.CharField(max_length=TEXT_MAX)


class AssetNoticeSerializer(serializers.Serializer):
    notified_on = serializers.DateField(help_text="The day the council received the owner's notice")


class AssetBidRequestSerializer(serializers.Serializer):
    group_name = serializers.CharField(required=False, allow_blank=True, max_length=NAME_MAX)
    organisation = serializers.IntegerField(required=False, help_text="An organisation you administer, by id")
    received_on = serializers.DateField(required=False,
                                        help_text="Officers recording a letter: the day it arrived. Others ask today")
