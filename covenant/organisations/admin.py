"""Read-only admin views of organisations: every change goes through the audited services and pages."""

from django.contrib import admin

from .models import Invitation, Membership, MembershipRole, Organisation


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipRoleInline(admin.TabularInline):
    model = MembershipRole
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "type", "org_id", "verification_status", "created_at"]
    list_filter = ["verification_status", "type"]
    search_fields = ["name", "org_id", "charity_number", "company_number", "ons_code", "contact_email"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "created_at"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "organisation__name"]
    inlines = [MembershipRoleInline]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organisation", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["organisation"]
    search_fields = ["email", "organisation__name"]
    exclude = ["token_hash"]
