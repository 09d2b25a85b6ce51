"""Serializers of the commissioning API: published exercises with their criteria, lots and method, and awards.
Bids' content is never given; the published ranking names only the winner."""

from __future__ import annotations

import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from services.catalogue.serializers import CouncilSerializer

from . import selectors
from .models import (
    Award,
    Criterion,
    CriterionKind,
    Exercise,
    Lot,
    Reservation,
    SupplierKind,
)


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


KIND_HELP = "quality, social_value or price"


class CriterionSerializer(serializers.ModelSerializer):
    # Plain text rather than an enum: "kind" names other choice sets elsewhere in the API.
    kind = serializers.CharField(help_text=KIND_HELP)
    weight = serializers.IntegerField(help_text="A whole percentage of the total score; the weights add up to 100")

    class Meta:
        model = Criterion
        fields = ["position", "name", "kind", "weight", "guidance"]


class RankedCriterionSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField(help_text=KIND_HELP)
    weight = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=6, decimal_places=2)


class RankingEntrySerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    bidder = serializers.CharField(help_text="The winner's name; other bidders as Bidder 2, Bidder 3 ...")
    criteria = RankedCriterionSerializer(many=True)
    bonus = serializers.IntegerField(help_text="Extra points for an SME or VCSE, when the lot gives them")
    total = serializers.DecimalField(max_digits=6, decimal_places=2)


def public_ranking(award: Award) -> list[dict]:
    """The ranking as published: scores for everyone, names only for the winner, no prices but the contract's."""
    return [{"rank": entry["rank"],
             "bidder": award.bid.organisation.name if entry["rank"] == 1 else f"Bidder {entry['rank']}",
             "criteria": [{k: c[k] for k in ("name", "kind", "weight", "points")} for c in entry["criteria"]],
             "bonus": entry["bonus"], "total": entry["total"]} for entry in award.ranking]


class AwardSerializer(serializers.ModelSerializer):
    exercise = serializers.CharField(source="lot.exercise.reference", help_text="The exercise's reference")
    exercise_url = serializers.SerializerMethodField(help_text="The exercise's public page")
    lot = serializers.IntegerField(source="lot.number")
    lot_title = serializers.CharField(source="lot.title")
    supplier = serializers.CharField(source="bid.organisation.name")
    supplier_org_id = serializers.CharField(source="bid.organisation.org_id")
    supplier_kind = serializers.ChoiceField(choices=SupplierKind.choices)
    contract_may_start_on = serializers.SerializerMethodField(help_text="The day after the standstill ends")
    ranking = serializers.SerializerMethodField()

    class Meta:
        model = Award
        fields = ["exercise", "exercise_url", "lot", "lot_title", "supplier", "supplier_org_id", "supplier_kind",
                  "total_score", "contract_value", "notice_on", "standstill_ends_on", "contract_may_start_on",
                  "ranking"]

    def get_exercise_url(self, award: Award) -> str:
        return _absolute(self.context.get("request"), selectors.exercise_url(award.lot.exercise))

    def get_contract_may_start_on(self, award: Award) -> datetime.date:
        from .dates import contract_may_start_on

        return contract_may_start_on(award.notice_on)

    @extend_schema_field(RankingEntrySerializer(many=True))
    def get_ranking(self, award: Award) -> list:
        return RankingEntrySerializer(public_ranking(award), many=True).data


class LotSerializer(serializers.ModelSerializer):
    reservation = serializers.ChoiceField(choices=Reservation.choices)
    award = serializers.SerializerMethodField()

    class Meta:
        model = Lot
        fields = ["number", "title", "description", "value", "reservation", "sme_vcse_bonus", "award"]

    @extend_schema_field(AwardSerializer(allow_null=True))
    def get_award(self, lot: Lot) -> dict | None:
        award = getattr(lot, "award", None)
        return AwardSerializer(award, context=self.context).data if award is not None else None


class ExerciseSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The exercise's public page")
    council = CouncilSerializer(source="service.owner")
    service = serializers.IntegerField(source="service_id", help_text="The catalogue service's id")
    status = serializers.CharField(help_text="published, awarded or cancelled")
    phase = serializers.SerializerMethodField(
        help_text="upcoming, open, closed or cancelled: where bidding stands today")
    social_value_weight = serializers.SerializerMethodField(help_text="Social value criteria's weights together")

    class Meta:
        model = Exercise
        fields = ["reference", "url", "title", "council", "service", "value", "bids_open_on", "bids_close_on",
                  "status", "phase", "social_value_weight", "published_at", "awarded_at", "cancelled_at",
                  "cancelled_reason"]

    def get_url(self, exercise: Exercise) -> str:
        return _absolute(self.context.get("request"), selectors.exercise_url(exercise))

    def get_phase(self, exercise: Exercise) -> str:
        from .dates import bids_phase

        return bids_phase(exercise, timezone.localdate())

    def get_social_value_weight(self, exercise: Exercise) -> int:
        return sum(c.weight for c in exercise.criteria.all() if c.kind == CriterionKind.SOCIAL_VALUE)


class ExerciseDetailSerializer(ExerciseSerializer):
    """An exercise in full: what is commissioned, its criteria and weights, scale, method, lots and awards."""

    criteria = CriterionSerializer(many=True)
    lots = LotSerializer(many=True)
    tie_rule = serializers.SerializerMethodField()
    price_formula = serializers.SerializerMethodField()

    class Meta(ExerciseSerializer.Meta):
        fields = [*ExerciseSerializer.Meta.fields, "description", "scale_max", "method", "price_formula",
                  "tie_rule", "criteria", "lots"]

    def get_tie_rule(self, exercise: Exercise) -> str:
        return ("Equal totals go to the higher social value points, then the lower price, then the bid submitted "
                "first")

    def get_price_formula(self, exercise: Exercise) -> str:
        return "lowest price bid for the lot / the bid's price x price's weight"
