"""Serializers for the funds API: published awards, read-only, in words close to the 360Giving fields."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import open_data
from .models import Application, BeneficiaryArea


class GrantOrganisationSerializer(serializers.Serializer):
    name = serializers.CharField()
    org_id = serializers.CharField(help_text="Identifier in org-id form, like GB-CHC-1164883")


class GrantProgrammeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    fund = serializers.CharField(source="fund.name")
    fund_slug = serializers.CharField(source="fund.slug")


class GrantLocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = BeneficiaryArea
        fields = ["name", "code", "kind", "local_authority", "imd_decile"]

    code = serializers.SerializerMethodField(help_text="ONS code of the LSOA, ward or local authority")
    kind = serializers.CharField(help_text="What was given: postcode (published as its LSOA), lsoa, ward or "
                                           "local_authority")
    local_authority = serializers.CharField(source="local_authority_id", allow_null=True,
                                            help_text="ONS code of its local authority")

    def get_code(self, area) -> str:
        # A postcode is published as its LSOA, as in the 360Giving data.
        if area.kind == "postcode":
            return area.lsoa_id or area.local_authority_id or ""
        return area.code


class GrantAwardSerializer(serializers.ModelSerializer):
    id = serializers.SerializerMethodField(help_text="The 360Giving grant identifier, 360G-<prefix>-<number>")
    description = serializers.CharField(source="summary")
    award_date = serializers.SerializerMethodField()
    amount_disbursed = serializers.SerializerMethodField(help_text="Paid so far, less any repaid")
    recipient = GrantOrganisationSerializer(source="organisation")
    funder = serializers.SerializerMethodField()
    programme = GrantProgrammeSerializer(source="round.programme")
    beneficiary_locations = GrantLocationSerializer(source="beneficiary_areas", many=True)

    class Meta:
        model = Application
        fields = ["id", "title", "description", "amount_requested", "amount_awarded", "amount_disbursed",
                  "award_date", "project_start", "project_end", "recipient", "funder", "programme",
                  "beneficiary_locations"]

    def get_id(self, application) -> str:
        return open_data.grant_id(application)

    @extend_schema_field(OpenApiTypes.DATE)
    def get_award_date(self, application) -> str:
        return timezone.localtime(application.decided_at).date().isoformat()

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_amount_disbursed(self, application) -> str:
        return format(self.context.get("disbursed", {}).get(application.pk, 0) or 0, ".2f")

    @extend_schema_field(GrantOrganisationSerializer)
    def get_funder(self, application) -> dict:
        fund = application.round.programme.fund
        return {"name": fund.organisation.name, "org_id": fund.funder_org_id}
