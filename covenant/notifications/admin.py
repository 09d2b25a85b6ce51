"""Deliveries in Django admin, for platform staff answering "did my email go?"; read-only."""

from django.contrib import admin

from .models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "channel", "address", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel", "event"]
    search_fields = ["address", "event", "key", "provider_reference"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Delivery._meta.fields]
    actions = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
