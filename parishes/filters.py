"""django-filter filter sets for the parishes API: by status and by the local authority covering the area."""

import django_filters
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import PUBLIC_STATES, Proposal, ProposalStatus

# Only states the public may see: asking for drafts is an invalid choice, not an empty list.
PUBLIC_STATUS_CHOICES = [(value, label) for value, label in ProposalStatus.choices if value in PUBLIC_STATES]
ONS_CODE = RegexValidator(r"^[A-Za-z][0-9]{8}$", _("Enter an ONS local authority code, like E08000024"),
                          code="invalid_code")


class AreaFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=PUBLIC_STATUS_CHOICES, help_text=_("One or more statuses; repeat the parameter for more"))
    local_authority = django_filters.CharFilter(
        method="filter_local_authority", validators=[ONS_CODE],
        help_text=_("ONS code of a local authority covering the area, like E08000024"))

    class Meta:
        model = Proposal
        fields = ["status", "local_authority"]

    def filter_local_authority(self, queryset, name, value):
        # A subquery rather than a join, so a proposal covered by two councils is listed once.
        covered = Proposal.covering_authorities.through.objects.filter(localauthority_id=value.upper())
        return queryset.filter(pk__in=covered.values("proposal_id"))


class ProposalFilter(AreaFilter):
    name = django_filters.CharFilter(lookup_expr="icontains", help_text=_("Part of the name, in any case"))

    class Meta:
        model = Proposal
        fields = ["status", "local_authority", "name"]
