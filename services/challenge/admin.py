"""Read-only admin views of the Right to Challenge: every change goes through the audited services and pages."""

from django.contrib import admin

from .models import Challenge, Modification, Window


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ModificationInline(admin.TabularInline):
    model = Modification
    extra = 0
    can_delete = False
    fields = ["requested_at", "request", "agreed", "answer", "answered_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin):
    list_display = ["pk", "service", "body_kind", "organisation", "status", "received_on", "decision_due_on",
                    "decided_on"]
    list_filter = ["status", "body_kind"]
    list_select_related = ["service", "organisation"]
    search_fields = ["service__name", "organisation__name"]
    date_hierarchy = "created_at"
    inlines = [ModificationInline]


@admin.register(Window)
class WindowAdmin(ReadOnlyAdmin):
    list_display = ["service", "opens_on", "closes_on", "created_at"]
    list_select_related = ["service"]
    search_fields = ["service__name"]
