"""Read-only admin view of the service catalogue: every change goes through the audited services and pages."""

from django.contrib import admin

from .models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "reference", "owner", "delivery", "contract_ends_on", "is_published"]
    list_filter = ["delivery", "is_published"]
    search_fields = ["name", "reference", "owner__name", "provider"]
    list_select_related = ["owner"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
