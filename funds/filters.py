"""django-filter filter sets for the funds API: awards by area, programme, fund and recipient organisation."""

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Application, BeneficiaryArea

ONS_AREA = RegexValidator(r"^[A-Za-z][0-9]{8}$", _("Enter an ONS code of an LSOA, ward or local authority, like "
                                                  "E08000024"), code="invalid_area")
ORG_ID = RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9-]{2,63}$", _("Enter an organisation identifier, like "
                                                             "GB-CHC-1164883"), code="invalid_org_id")
SLUG = RegexValidator(r"^[-a-zA-Z0-9_]+$", _("Enter a fund's short name, like community-recovery-fund"),
                      code="invalid_slug")


class AwardFilter(django_filters.FilterSet):
    area = django_filters.CharFilter(
        method="filter_area", validators=[ONS_AREA],
        help_text=_("ONS code of an LSOA, ward or local authority the grant helps, like E08000024"))
    programme = django_filters.CharFilter(
        field_name="round__programme__code", lookup_expr="iexact", max_length=60,
        help_text=_("The grant programme's code, as in the 360Giving data"))
    fund = django_filters.CharFilter(field_name="round__programme__fund__slug", validators=[SLUG], max_length=80,
                                     help_text=_("The fund's short name"))
    organisation = django_filters.CharFilter(
        field_name="organisation__org_id", lookup_expr="iexact", validators=[ORG_ID], max_length=64,
        help_text=_("The recipient's organisation identifier, like GB-CHC-1164883"))
    organisation_name = django_filters.CharFilter(
        field_name="organisation__name", lookup_expr="icontains", max_length=200,
        help_text=_("Part of the recipient organisation's name, in any case"))

    class Meta:
        model = Application
        fields = ["area", "programme", "fund", "organisation", "organisation_name"]

    def filter_area(self, queryset, name, value):
        code = value.upper()
        # A subquery, so an award helping several places in the area is listed once.
        matching = BeneficiaryArea.objects.filter(Q(code=code) | Q(lsoa_id=code) | Q(ward_id=code)
                                                  | Q(local_authority_id=code))
        return queryset.filter(pk__in=matching.values("application_id"))
