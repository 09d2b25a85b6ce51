"""Admin views of co-design, for platform staff to look things up; every change goes through the services."""

from django.contrib import admin

from .models import BudgetResult, Comment, Contribution, FollowUp, Phase, Process, Report


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes here would skip the services' rules and the audit log, so the admin only reads."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PhaseInline(admin.TabularInline):
    model = Phase
    fields = ["kind", "starts_on", "ends_on"]
    extra = 0


@admin.register(Process)
class ProcessAdmin(ReadOnlyAdmin):
    list_display = ["title", "service", "status", "budget", "voting_method", "published_at"]
    list_filter = ["status", "voting_method"]
    search_fields = ["title", "slug", "service__name"]
    list_select_related = ["service"]
    inlines = [PhaseInline]


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "process", "cost", "response_status", "hidden_at", "created_at"]
    list_filter = ["kind", "response_status"]
    search_fields = ["title"]
    list_select_related = ["process"]
    raw_id_fields = ["process", "author", "hidden_by"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["pk", "contribution", "depth", "created_at", "hidden_at"]
    list_select_related = ["contribution"]
    raw_id_fields = ["contribution", "parent", "author", "hidden_by"]


@admin.register(BudgetResult)
class BudgetResultAdmin(ReadOnlyAdmin):
    list_display = ["process", "method", "budget", "ballots", "total_selected", "computed_at", "published_at"]
    list_select_related = ["process"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["title", "process", "status", "progress", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["process"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["pk", "contribution", "comment", "reason", "status", "created_at", "closed_at"]
    list_filter = ["status", "reason"]
    list_select_related = ["contribution"]
    raw_id_fields = ["process", "contribution", "comment", "reporter", "closed_by"]
