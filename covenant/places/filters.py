"""django-filter filter sets for the places API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import LSOA, LocalAuthority, Ward

COUNTRY_PREFIXES = [("E", _("England")), ("W", _("Wales")), ("S", _("Scotland")), ("N", _("Northern Ireland"))]


class LocalAuthorityFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", help_text=_("Part of the name, in any case"))
    country = django_filters.ChoiceFilter(
        choices=COUNTRY_PREFIXES, method="filter_country", help_text=_("E, W, S or N: the first letter of the code")
    )

    class Meta:
        model = LocalAuthority
        fields = ["name", "country"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(code__startswith=value)


class WardFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", help_text=_("Part of the name, in any case"))
    local_authority = django_filters.CharFilter(
        field_name="local_authority_id", help_text=_("ONS code of the local authority, like E06000001")
    )

    class Meta:
        model = Ward
        fields = ["name", "local_authority"]


class LSOAFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", help_text=_("Part of the name, in any case"))
    local_authority = django_filters.CharFilter(
        field_name="local_authority_id", help_text=_("ONS code of the local authority, like E06000001")
    )
    imd_decile = django_filters.NumberFilter(min_value=1, max_value=10, help_text=_("1 is the most deprived 10%"))
    imd_decile_max = django_filters.NumberFilter(
        field_name="imd_decile", lookup_expr="lte", min_value=1, max_value=10,
        help_text=_("LSOAs in this decile or more deprived ones"),
    )
    imd_edition = django_filters.ChoiceFilter(choices=[("IoD2019", "IoD2019"), ("IoD2025", "IoD2025")])

    class Meta:
        model = LSOA
        fields = ["name", "local_authority", "imd_decile", "imd_decile_max", "imd_edition"]
