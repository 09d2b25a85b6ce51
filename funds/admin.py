"""Read-only admin views of community funds: every change goes through the audited services and pages, and the
ledger can never be changed at all."""

from django.contrib import admin

from .models import (
    Application,
    AssessorAssignment,
    Decision,
    Fund,
    LedgerLine,
    LedgerTransaction,
    MonitoringReport,
    Payment,
    Programme,
    Round,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Fund)
class FundAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "organisation", "identifier_prefix", "second_approval_threshold"]
    list_filter = ["kind"]
    search_fields = ["name", "identifier_prefix", "funder_org_id"]


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "fund"]
    search_fields = ["name", "code"]
    list_select_related = ["fund"]


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "programme", "opens_at", "closes_at", "budget", "fast_track", "published_at"]
    list_filter = ["fast_track"]
    search_fields = ["name"]
    list_select_related = ["programme"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "title", "organisation", "round", "status", "amount_requested", "amount_awarded",
                    "submitted_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["title", "organisation__name", "organisation__org_id"]
    list_select_related = ["organisation", "round"]


@admin.register(AssessorAssignment)
class AssessorAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "assessor", "assigned_at", "removed_at"]
    list_select_related = ["application", "assessor"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["application", "outcome", "amount", "decided_by", "decided_at", "confirmed_by", "returned_at"]
    list_filter = ["outcome", "needs_second_approval"]
    list_select_related = ["application", "decided_by", "confirmed_by"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["application", "amount", "released_by", "released_at", "reference"]
    list_select_related = ["application", "released_by"]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(ReadOnlyAdmin):
    list_display = ["application", "number", "due_on", "is_final", "status"]
    list_filter = ["status", "is_final"]
    list_select_related = ["application"]


class LedgerLineInline(admin.TabularInline):
    model = LedgerLine
    extra = 0
    can_delete = False
    fields = ["account", "amount"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LedgerTransaction)
class LedgerTransactionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "fund", "kind", "description", "application", "created_by"]
    list_filter = ["kind", "fund"]
    date_hierarchy = "created_at"
    list_select_related = ["fund", "application", "created_by"]
    inlines = [LedgerLineInline]
