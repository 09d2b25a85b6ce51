"""Pop-up parishes in Django admin: for platform staff to look things up, never to change them.

Every change goes through the services, which check the rules, lock rows and write the audit log; an edit here
would do none of that, so these pages only read.
"""

from django.contrib import admin

from .models import (
    ChangeRequest,
    ChecklistItem,
    ConsultationComment,
    ConsultationResponse,
    DelegatedBudget,
    Electorate,
    Evaluation,
    FoundingMember,
    Meeting,
    OfficeHolder,
    ParishDecision,
    ParishMember,
    Power,
    Proposal,
    Proposer,
    RenewalRequest,
    RequestedPower,
    Review,
    Signature,
    Spending,
    Vote,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ProposerInline(ReadOnlyInline):
    model = Proposer
    fields = ["user", "role", "added_at"]


class RequestedPowerInline(ReadOnlyInline):
    model = RequestedPower
    fields = ["power", "justification", "granted"]


class OfficeHolderInline(ReadOnlyInline):
    model = OfficeHolder
    fk_name = "parish"
    fields = ["office", "user", "interim", "appointed_at", "ended_at", "end_reason"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "status", "published_at", "review_deadline", "sunset_on"]
    list_filter = ["status"]
    search_fields = ["name", "slug", "covering_authorities__code", "covering_authorities__name"]
    date_hierarchy = "created_at"
    inlines = [ProposerInline, RequestedPowerInline, OfficeHolderInline]


@admin.register(Power)
class PowerAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "local_authority"]
    list_filter = [("local_authority", admin.EmptyFieldListFilter)]
    search_fields = ["name", "slug", "local_authority__name"]
    list_select_related = ["local_authority"]


@admin.register(FoundingMember)
class FoundingMemberAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "user", "joined_at"]
    search_fields = ["proposal__name", "user__email"]
    list_select_related = ["proposal", "user"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "signer", "postcode", "signed_at", "withdrawn_at"]
    search_fields = ["proposal__name", "signer__email", "postcode"]
    list_select_related = ["proposal", "signer"]


@admin.register(Electorate)
class ElectorateAdmin(ReadOnlyAdmin):
    list_display = ["ward", "lsoa", "electors", "as_of", "entered_at"]
    search_fields = ["ward__code", "ward__name", "lsoa__code"]
    list_select_related = ["ward", "lsoa"]


class ChecklistItemInline(ReadOnlyInline):
    model = ChecklistItem
    fields = ["label", "done", "note", "checked_at"]


class ConsultationResponseInline(ReadOnlyInline):
    model = ConsultationResponse
    fields = ["comment", "body", "published_at"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "local_authority", "started_at", "consultation_closes_on", "decision", "decided_at"]
    list_filter = ["decision"]
    search_fields = ["proposal__name", "local_authority__name", "local_authority__code"]
    list_select_related = ["proposal", "local_authority"]
    inlines = [ChecklistItemInline, ConsultationResponseInline]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    list_display = ["review", "requested_at", "answered_at"]
    search_fields = ["review__proposal__name"]


@admin.register(ConsultationComment)
class ConsultationCommentAdmin(ReadOnlyAdmin):
    list_display = ["review", "author", "created_at", "hidden_at"]
    search_fields = ["review__proposal__name", "author__email", "body"]
    list_select_related = ["review__proposal", "author"]


@admin.register(ParishMember)
class ParishMemberAdmin(ReadOnlyAdmin):
    list_display = ["parish", "user", "via", "postcode", "joined_at", "left_at"]
    list_filter = ["via"]
    search_fields = ["parish__name", "user__email", "postcode"]
    list_select_related = ["parish", "user"]


@admin.register(OfficeHolder)
class OfficeHolderAdmin(ReadOnlyAdmin):
    list_display = ["parish", "office", "user", "interim", "appointed_at", "ended_at", "end_reason"]
    list_filter = ["office", "end_reason"]
    search_fields = ["parish__name", "user__email"]
    list_select_related = ["parish", "user"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["parish", "title", "starts_at", "cancelled_at", "minutes_published_at"]
    search_fields = ["parish__name", "title"]
    date_hierarchy = "starts_at"
    list_select_related = ["parish"]


class VoteInline(ReadOnlyInline):
    model = Vote
    fields = ["voter", "choice"]


@admin.register(ParishDecision)
class ParishDecisionAdmin(ReadOnlyAdmin):
    list_display = ["parish", "title", "outcome", "votes_for", "votes_against", "abstentions", "quorum",
                    "recorded_at"]
    list_filter = ["outcome"]
    search_fields = ["parish__name", "title", "motion"]
    list_select_related = ["parish"]
    inlines = [VoteInline]


@admin.register(DelegatedBudget)
class DelegatedBudgetAdmin(ReadOnlyAdmin):
    list_display = ["parish", "amount", "set_at", "set_by"]
    search_fields = ["parish__name"]
    list_select_related = ["parish", "set_by"]


@admin.register(Spending)
class SpendingAdmin(ReadOnlyAdmin):
    list_display = ["parish", "spent_on", "payee", "amount", "decision"]
    search_fields = ["parish__name", "payee", "purpose"]
    date_hierarchy = "spent_on"
    list_select_related = ["parish", "decision"]


@admin.register(RenewalRequest)
class RenewalRequestAdmin(ReadOnlyAdmin):
    list_display = ["parish", "status", "requested_at", "requested_sunset_on", "granted_sunset_on", "decided_at"]
    list_filter = ["status"]
    search_fields = ["parish__name"]
    list_select_related = ["parish"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["parish", "seeks_permanent", "published_at", "updated_at"]
    list_filter = ["seeks_permanent"]
    search_fields = ["parish__name", "achievements"]
    list_select_related = ["parish"]
