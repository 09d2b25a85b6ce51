"""Read-only admin views of assets of community value: every change goes through the audited services and pages."""

from django.contrib import admin

from .models import Asset, BidRequest, DisposalNotice, GroupMember


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    can_delete = False
    fields = ["name", "postcode"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class DisposalNoticeInline(admin.TabularInline):
    model = DisposalNotice
    extra = 0
    can_delete = False
    fields = ["notified_on", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Asset)
class AssetAdmin(ReadOnlyAdmin):
    list_display = ["reference", "name", "council", "status", "received_on", "decision_due_on", "listed_on",
                    "expires_on"]
    list_filter = ["status", "nominator_kind"]
    list_select_related = ["council"]
    search_fields = ["name", "address", "postcode", "group_name", "council__name"]
    inlines = [GroupMemberInline, DisposalNoticeInline]


@admin.register(BidRequest)
class BidRequestAdmin(ReadOnlyAdmin):
    list_display = ["group_name", "notice", "received_on", "made_by", "recorded_by"]
    list_select_related = ["notice", "notice__asset", "made_by", "recorded_by"]
    search_fields = ["group_name", "notice__asset__name"]
