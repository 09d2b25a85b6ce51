"""Serializers of the parishes API: read-only, public views of proposals and parishes (members, officers,
meetings, decisions, budget and spending); counts, never names, except of those holding office."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from covenant.places.serializers import LocalAuthoritySummarySerializer

from . import selectors, selectors_active, selectors_reviews
from .models import (
    Evaluation,
    Meeting,
    Office,
    OfficeHolder,
    ParishDecision,
    Proposal,
    ProposalStatus,
    RenewalRequest,
    RequestedPower,
    Spending,
)
from .services.common import proposal_url


def public_url(request, proposal: Proposal) -> str:
    """The proposal's public page, absolute when there is a request to say which host."""
    url = proposal_url(proposal)
    return request.build_absolute_uri(url) if (url and request is not None) else url


class RequestedPowerSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="power.slug")
    name = serializers.CharField(source="power.name")
    granted = serializers.BooleanField(
        allow_null=True, help_text="Whether the council granted it; null until the council decides")

    class Meta:
        model = RequestedPower
        fields = ["slug", "name", "justification", "granted"]


class PetitionSerializer(serializers.Serializer):
    """The petition in numbers. Who signed is never given."""

    signatures = serializers.IntegerField(help_text="Signatures not withdrawn")
    electors = serializers.IntegerField(help_text="Electors of the area (recorded when the petition became valid)")
    threshold = serializers.IntegerField(help_text="Signatures the statutory threshold asks for")
    remaining = serializers.IntegerField(help_text="Signatures still needed, 0 once reached")
    valid_on = serializers.DateField(allow_null=True, help_text="The day the petition became valid")


class TimelineStepSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField(help_text="published, valid, declined, review_started, case_officer_assigned, "
                                           "changes_requested, changes_answered, consultation_opened, "
                                           "consultation_closed, decided or ended")
    title = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)
    items = serializers.ListField(child=serializers.CharField())


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[ProposalStatus.APPROVED, ProposalStatus.APPROVED_WITH_CONDITIONS,
                                                ProposalStatus.REJECTED])
    decided_at = serializers.DateTimeField()
    council = LocalAuthoritySummarySerializer()
    reasons = serializers.CharField()
    conditions = serializers.ListField(child=serializers.CharField(), help_text="The conditions, in words")
    budget_cap = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True,
                                          help_text="In pounds, when the council set one")


class ProposalListSerializer(serializers.ListSerializer):
    """Counts the electors of every open petition on the page at once, not one petition at a time."""

    def to_representation(self, data):
        proposals = list(data.all() if hasattr(data, "all") else data)
        self.context["electors"] = selectors.open_petition_electors(proposals)
        return super().to_representation(proposals)


class ProposalSerializer(serializers.ModelSerializer):
    """A public proposal or parish with its petition's counts, for lists."""

    url = serializers.SerializerMethodField(help_text="The public page")
    status_label = serializers.CharField(source="get_status_display")
    powers = RequestedPowerSerializer(source="requested_powers", many=True,
                                      help_text="Every power asked for, with whether it was granted")
    powers_granted = serializers.SerializerMethodField(help_text="Slugs of the powers the council granted")
    petition = serializers.SerializerMethodField()
    covering_authorities = LocalAuthoritySummarySerializer(many=True)
    published_at = serializers.DateTimeField()

    class Meta:
        model = Proposal
        fields = ["name", "slug", "url", "purpose", "status", "status_label", "sunset_on", "published_at",
                  "powers", "powers_granted", "petition", "review_deadline", "covering_authorities"]
        list_serializer_class = ProposalListSerializer

    def get_url(self, proposal: Proposal) -> str:
        return public_url(self.context.get("request"), proposal)

    def get_powers_granted(self, proposal: Proposal) -> list[str]:
        # From the prefetched rows, so a page of proposals costs no query per proposal here.
        return [rp.power.slug for rp in proposal.requested_powers.all() if rp.granted]

    @extend_schema_field(PetitionSerializer)
    def get_petition(self, proposal: Proposal) -> dict:
        progress = selectors.petition_progress(proposal, electors=self.context.get("electors", {}).get(proposal.pk))
        return PetitionSerializer({
            "signatures": progress.signatures, "electors": progress.electors, "threshold": progress.threshold,
            "remaining": progress.remaining,
            "valid_on": proposal.valid_at.date() if proposal.valid_at else None,
        }).data


class ProposalDetailSerializer(ProposalSerializer):
    """One proposal in full: its dated public steps and the council's decision."""

    constitution = serializers.CharField()
    review_days_left = serializers.SerializerMethodField(
        help_text="Days the council has left to complete its review (negative once overdue); null when none is "
                  "under way")
    timeline = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "constitution", "review_days_left", "timeline", "decision"]

    def get_review_days_left(self, proposal: Proposal) -> int | None:
        return selectors_reviews.review_deadline(proposal).days_left

    @extend_schema_field(TimelineStepSerializer(many=True))
    def get_timeline(self, proposal: Proposal) -> list:
        steps = [{"at": s.at, "kind": s.kind, "title": s.title, "detail": s.detail, "items": s.items}
                 for s in selectors_reviews.proposal_timeline(proposal)]
        if proposal.ended_at:
            steps.append({"at": proposal.ended_at, "kind": "ended", "title": str(ProposalStatus.ENDED.label),
                          "detail": "", "items": []})
        return TimelineStepSerializer(steps, many=True).data

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, proposal: Proposal) -> dict | None:
        review = selectors_reviews.review_of(proposal)
        if review is None or review.decided_at is None:
            return None
        return DecisionSerializer({
            "decision": review.decision, "decided_at": review.decided_at, "council": review.local_authority,
            "reasons": review.reasons, "conditions": selectors_reviews.decision_conditions(review),
            "budget_cap": review.budget_cap,
        }).data


# GeoJSON, described for the schema: RFC 7946 shapes with the properties the areas endpoint gives.
AREA_PROPERTIES_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "slug": {"type": "string"},
        "status": {"type": "string", "enum": [s for s in ProposalStatus.values if s != ProposalStatus.DRAFT]},
        "status_label": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "sunset_on": {"type": "string", "format": "date"},
    },
}
FEATURE_COLLECTION_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "string"},
                    "geometry": {
                        "type": "object",
                        "description": "A GeoJSON Polygon or MultiPolygon, longitude before latitude (WGS 84)",
                        "properties": {
                            "type": {"type": "string", "enum": ["Polygon", "MultiPolygon"]},
                            "coordinates": {"type": "array", "items": {}},
                        },
                    },
                    "properties": AREA_PROPERTIES_SCHEMA,
                },
            },
        },
    },
}


def area_feature(request, proposal: Proposal) -> dict:
    return {
        "type": "Feature",
        "id": proposal.slug,
        "geometry": proposal.area,
        "properties": {
            "name": proposal.name, "slug": proposal.slug, "status": proposal.status,
            "status_label": str(proposal.get_status_display()), "url": public_url(request, proposal),
            "sunset_on": proposal.sunset_on.isoformat() if proposal.sunset_on else None,
        },
    }




# The active parish ---------------------------------------------------------------------------------------------

class ParishOfficerSerializer(serializers.Serializer):
    """An officer, named as in public: holding office makes the name public, membership alone never does."""

    office = serializers.ChoiceField(choices=Office.choices)
    name = serializers.SerializerMethodField()
    interim = serializers.BooleanField(help_text="The lead proposer chairs the parish from its approval until "
                                                 "members choose otherwise")
    since = serializers.DateTimeField(source="appointed_at")

    def get_name(self, holder: OfficeHolder) -> str:
        return selectors_active.public_name(holder.user)


class ParishBudgetSerializer(serializers.Serializer):
    delegated = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="In pounds")
    spent = serializers.DecimalField(max_digits=12, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=12, decimal_places=2)
    cap = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True,
                                   help_text="The cap the council's decision set, if any")


class ParishRenewalSerializer(serializers.ModelSerializer):
    council = LocalAuthoritySummarySerializer(source="local_authority", allow_null=True)

    class Meta:
        model = RenewalRequest
        fields = ["status", "requested_at", "current_sunset_on", "requested_sunset_on", "reasons", "decided_at",
                  "council", "decision_reasons", "granted_sunset_on"]


class ParishEvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evaluation
        fields = ["achievements", "evidence", "seeks_permanent", "published_at", "updated_at"]


class ParishDetailSerializer(ProposalDetailSerializer):
    """A parish in full: the proposal it was, and its members count (never names), officers, how long it holds its
    powers, its budget, renewals and evaluation. Meetings, decisions and spending have their own lists."""

    members_count = serializers.SerializerMethodField(help_text="Current members; their names are not published")
    officers = serializers.SerializerMethodField()
    active = serializers.SerializerMethodField(help_text="Whether it holds its powers today")
    days_left = serializers.SerializerMethodField(
        help_text="Days until the sunset date, the powers' last day; null once they have ended")
    budget = serializers.SerializerMethodField()
    renewals = serializers.SerializerMethodField()
    evaluation = serializers.SerializerMethodField()

    class Meta(ProposalDetailSerializer.Meta):
        fields = [*ProposalDetailSerializer.Meta.fields, "members_count", "officers", "active", "days_left",
                  "budget", "renewals", "evaluation"]

    def get_members_count(self, parish: Proposal) -> int:
        return selectors_active.member_count(parish)

    @extend_schema_field(ParishOfficerSerializer(many=True))
    def get_officers(self, parish: Proposal) -> list:
        return ParishOfficerSerializer(selectors_active.current_officers(parish), many=True).data

    def get_active(self, parish: Proposal) -> bool:
        return selectors_active.is_active(parish)

    def get_days_left(self, parish: Proposal) -> int | None:
        return selectors_active.powers_expiry(parish).days_left

    @extend_schema_field(ParishBudgetSerializer)
    def get_budget(self, parish: Proposal) -> dict:
        summary = selectors_active.budget_summary(parish)
        return ParishBudgetSerializer({"delegated": summary.delegated, "spent": summary.spent,
                                 "remaining": summary.remaining, "cap": summary.cap}).data

    @extend_schema_field(ParishRenewalSerializer(many=True))
    def get_renewals(self, parish: Proposal) -> list:
        return ParishRenewalSerializer(selectors_active.renewals_of(parish), many=True).data

    @extend_schema_field(ParishEvaluationSerializer(allow_null=True))
    def get_evaluation(self, parish: Proposal) -> dict | None:
        evaluation = selectors_active.evaluation_of(parish)
        return ParishEvaluationSerializer(evaluation).data if evaluation else None


class ParishMeetingSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(help_text="scheduled, cancelled or held")
    url = serializers.SerializerMethodField(help_text="The meeting's public page")

    class Meta:
        model = Meeting
        fields = ["id", "title", "starts_at", "place", "online_url", "status", "cancel_reason", "agenda",
                  "agenda_published_at", "minutes", "minutes_published_at", "url"]

    def get_status(self, meeting: Meeting) -> str:
        if meeting.is_cancelled:
            return "cancelled"
        return "held" if selectors_active.has_started(meeting) else "scheduled"

    def get_url(self, meeting: Meeting) -> str:
        url = reverse("parishes:parish-meeting", kwargs={"slug": meeting.parish.slug, "pk": meeting.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class ParishDecisionSerializer(serializers.ModelSerializer):
    """A decision with its vote counts; how each member voted is not published."""

    meeting = serializers.PrimaryKeyRelatedField(read_only=True)
    outcome_reason = serializers.SerializerMethodField(help_text="The outcome in words, saying why when inquorate")

    class Meta:
        model = ParishDecision
        fields = ["id", "meeting", "title", "motion", "recorded_at", "outcome", "outcome_reason", "votes_for",
                  "votes_against", "abstentions", "members_count", "quorum"]

    def get_outcome_reason(self, decision: ParishDecision) -> str:
        return selectors_active.outcome_reason(decision)


class ParishSpendingSerializer(serializers.ModelSerializer):
    decision = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True,
                                                  help_text="The carried decision that authorised it, if any")
    decision_title = serializers.CharField(source="decision.title", default="", read_only=True)

    class Meta:
        model = Spending
        fields = ["id", "spent_on", "payee", "purpose", "amount", "decision", "decision_title"]
