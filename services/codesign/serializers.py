"""Serializers of the co-design API: read-only, public views of processes, phases, ideas and proposals with
their counts, and published results.

Authors are public: a proposal's page names its author and co-authors, as the platforms residents know do, so
their names are given here too, as on the pages: the name they chose, never an email address (see
selectors.public_name). Supporters and voters are never named; ballots are published under random references.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import dates, selectors
from .models import Contribution, Process, ResponseStatus


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


class CodesignPhaseSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="ideas, deliberation, proposals, vote or implementation")
    label = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    starts_on = serializers.DateField(help_text="Its first day (UK time)")
    ends_on = serializers.DateField(help_text="Its last day: the phase is open until the end of it")
    state = serializers.CharField(help_text="upcoming, open or ended, today")


class CodesignServiceSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="The council's reference for the service")
    name = serializers.CharField()
    council = serializers.CharField(source="owner.name")
    council_ons_code = serializers.CharField(source="owner.ons_code", allow_blank=True)


class CodesignBudgetSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="In pounds")
    voting_method = serializers.CharField(help_text="knapsack (choose proposals whose costs add up to no more "
                                                    "than the budget) or approval (approve up to approval_limit)")
    approval_limit = serializers.IntegerField(allow_null=True)


def _phases(process: Process) -> list[dict]:
    today = dates.today()
    return [{"kind": p.kind, "label": str(p.get_kind_display()), "description": p.description,
             "starts_on": p.starts_on, "ends_on": p.ends_on, "state": dates.phase_state(p, today)}
            for p in process.phases.all()]


class CodesignProcessSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The public page")
    status = serializers.CharField(help_text="published or closed (drafts are never shown)")
    stage = serializers.SerializerMethodField(help_text="upcoming, active or finished, from its dates")
    current_phase = serializers.SerializerMethodField(help_text="The kind of the phase open today, if any")
    service = CodesignServiceSummarySerializer()
    budget = serializers.SerializerMethodField(help_text="The participatory budget, when the process holds one")
    phases = serializers.SerializerMethodField()

    class Meta:
        model = Process
        fields = ["slug", "title", "description", "url", "status", "stage", "current_phase", "service", "budget",
                  "phases", "published_at", "closed_at", "closing_note"]

    def get_url(self, process: Process) -> str:
        from .services.common import process_url

        return _absolute(self.context.get("request"), process_url(process))

    def get_stage(self, process: Process) -> str:
        return selectors.process_public_status(process)

    def get_current_phase(self, process: Process) -> str | None:
        current = dates.current_phase(list(process.phases.all()), dates.today())
        return current.kind if current is not None else None

    @extend_schema_field(CodesignBudgetSerializer(allow_null=True))
    def get_budget(self, process: Process) -> dict | None:
        if not process.has_budget:
            return None
        return CodesignBudgetSerializer({"amount": process.budget, "voting_method": process.voting_method,
                                 "approval_limit": process.approval_limit}).data

    @extend_schema_field(CodesignPhaseSerializer(many=True))
    def get_phases(self, process: Process) -> list:
        return CodesignPhaseSerializer(_phases(process), many=True).data


class CodesignContributionSerializer(serializers.ModelSerializer):
    """An idea or proposal. A hidden one keeps its place with the council's reason, without its words."""

    url = serializers.SerializerMethodField(help_text="Its public page")
    kind = serializers.CharField(help_text="idea or proposal")
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    authors = serializers.SerializerMethodField(help_text="Public names of the author and accepted co-authors")
    supports = serializers.IntegerField(source="supports_count", help_text="Residents supporting it")
    comments = serializers.IntegerField(source="comments_count", help_text="Visible comments")
    response_status = serializers.CharField(
        allow_blank=True, help_text="The council's standing response: accepted, evaluating, not_taken_forward, or "
                                    "empty before any")
    hidden = serializers.SerializerMethodField()
    hidden_reason = serializers.CharField(allow_blank=True)
    on_ballot = serializers.SerializerMethodField(help_text="Whether residents can vote for it (a costed, visible "
                                                            "proposal the council has not ruled out)")
    submitted_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = Contribution
        fields = ["id", "kind", "url", "title", "body", "cost", "authors", "supports", "comments",
                  "response_status", "hidden", "hidden_reason", "on_ballot", "submitted_at"]

    def get_url(self, contribution: Contribution) -> str:
        from .services.common import contribution_url

        return _absolute(self.context.get("request"), contribution_url(contribution))

    def get_title(self, contribution: Contribution) -> str | None:
        return None if contribution.is_hidden else contribution.title

    def get_body(self, contribution: Contribution) -> str | None:
        return None if contribution.is_hidden else contribution.body

    def get_authors(self, contribution: Contribution) -> list[str]:
        return selectors.contribution_authors(contribution)

    def get_hidden(self, contribution: Contribution) -> bool:
        return contribution.is_hidden

    def get_on_ballot(self, contribution: Contribution) -> bool:
        return bool(contribution.is_proposal and not contribution.is_hidden and contribution.cost is not None
                    and contribution.response_status != ResponseStatus.NOT_TAKEN_FORWARD
                    and contribution.process.has_budget)


class CodesignResultRowSerializer(serializers.Serializer):
    proposal = serializers.IntegerField(source="proposal_id")
    title = serializers.SerializerMethodField()
    cost = serializers.DecimalField(max_digits=12, decimal_places=2)
    votes = serializers.IntegerField()
    rank = serializers.IntegerField()
    selected = serializers.BooleanField()
    running_total = serializers.DecimalField(max_digits=12, decimal_places=2,
                                             help_text="The budget spent by the selected proposals so far, in rank "
                                                       "order")

    def get_title(self, row) -> str | None:
        return None if row.proposal.is_hidden else row.proposal.title


class CodesignResultSerializer(serializers.Serializer):
    method = serializers.CharField(help_text="knapsack or approval")
    budget = serializers.DecimalField(max_digits=12, decimal_places=2)
    approval_limit = serializers.IntegerField(allow_null=True)
    ballots = serializers.IntegerField()
    total_selected = serializers.DecimalField(max_digits=12, decimal_places=2)
    data_sha256 = serializers.CharField(help_text="SHA-256 of the canonical JSON of the ballots' data")
    published_at = serializers.DateTimeField()
    counting_rule = serializers.SerializerMethodField()
    download_json = serializers.SerializerMethodField(help_text="Anonymised ballots and the data to recount")
    download_csv = serializers.SerializerMethodField(help_text="One line per choice on each anonymised ballot")
    rows = serializers.SerializerMethodField()

    def get_counting_rule(self, result) -> str:
        return selectors.COUNTING_RULE

    def _url(self, result, name: str) -> str:
        from django.urls import reverse

        return _absolute(self.context.get("request"), reverse(name, kwargs={"slug": result.process.slug}))

    def get_download_json(self, result) -> str:
        return self._url(result, "services:codesign-results-json")

    def get_download_csv(self, result) -> str:
        return self._url(result, "services:codesign-results-csv")

    @extend_schema_field(CodesignResultRowSerializer(many=True))
    def get_rows(self, result) -> list:
        return CodesignResultRowSerializer(selectors.result_rows(result), many=True).data
