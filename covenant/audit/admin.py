"""The audit log in Django admin: readable by platform staff, never editable."""

from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "action", "target_type", "target_id", "target_label"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_label", "action", "target_id", "target_label"]
    date_hierarchy = "created_at"
    list_select_related = ["target_type"]
    readonly_fields = [field.name for field in AuditEntry._meta.fields]
    actions = None

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("audit.view_audit_log")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
