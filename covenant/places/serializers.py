"""Serializers of the places API: read-only views of postcodes and areas."""

from rest_framework import serializers

from .geocoding import COUNTRY_NAMES
from .models import LSOA, LocalAuthority, Ward


class LocalAuthoritySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = LocalAuthority
        fields = ["code", "name"]


class LocalAuthoritySerializer(serializers.ModelSerializer):
    ward_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = LocalAuthority
        fields = ["code", "name", "ward_count"]


class WardSerializer(serializers.ModelSerializer):
    local_authority = LocalAuthoritySummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Ward
        fields = ["code", "name", "local_authority"]


class LSOASerializer(serializers.ModelSerializer):
    local_authority = LocalAuthoritySummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = LSOA
        fields = ["code", "name", "local_authority", "imd_rank", "imd_decile", "imd_edition"]


class AreaCodeSerializer(serializers.Serializer):
    """An area the postcode is in; `name` is empty until area names have been imported."""

    code = serializers.CharField()
    name = serializers.CharField(allow_blank=True)


class LSOAAreaSerializer(AreaCodeSerializer):
    imd_rank = serializers.IntegerField(allow_null=True)
    imd_decile = serializers.IntegerField(allow_null=True)
    imd_edition = serializers.CharField(allow_blank=True)


class PostcodeSerializer(serializers.Serializer):
    """A postcode with its position and the areas it falls in (built from selectors.Areas)."""

    postcode = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    country_code = serializers.CharField(allow_null=True)
    country = serializers.CharField(allow_null=True)
    terminated_on = serializers.DateField(allow_null=True, help_text="The month Royal Mail stopped using it")
    local_authority = AreaCodeSerializer(allow_null=True)
    ward = AreaCodeSerializer(allow_null=True)
    lsoa = LSOAAreaSerializer(allow_null=True)

    @staticmethod
    def from_areas(areas) -> dict:
        location = areas.location

        def area(code, obj, extra=()):
            if not code:
                return None
            data = {"code": code, "name": obj.name if obj else ""}
            for name in extra:
                data[name] = getattr(obj, name) if obj else (None if name != "imd_edition" else "")
            return data

        return {
            "postcode": location.postcode,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "country_code": location.country,
            "country": COUNTRY_NAMES.get(location.country or ""),
            "terminated_on": location.terminated_on,
            "local_authority": area(location.local_authority_code, areas.local_authority),
            "ward": area(location.ward_code, areas.ward),
            "lsoa": area(location.lsoa_code, areas.lsoa, ("imd_rank", "imd_decile", "imd_edition")),
        }
