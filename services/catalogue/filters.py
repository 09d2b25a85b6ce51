"""django-filter filter set of the catalogue API: words, council, local authority, involvement, delivery and
contracts ending within a number of months."""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .forms import ENDING_WITHIN_MAX
from .models import DeliveryModel, Involvement, Service

ONS_CODE = RegexValidator(r"^[A-Za-z][0-9]{8}$", _("Enter an ONS local authority code, like E08000024"),
                          code="invalid_code")


MONTHS_MESSAGE = _("Enter a number of months from 1 to 120")


class MonthsFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_words", max_length=200,
                                  help_text=_("Words in the name, description, who it serves or provider"))
    council = django_filters.CharFilter(method="filter_council", max_length=20,
                                        help_text=_("The council as addresses name it: its ONS code (E08000024), or "
                                                    "its id when it has none"))
    local_authority = django_filters.CharFilter(field_name="local_authority_id", validators=[ONS_CODE],
                                                method="filter_local_authority",
                                                help_text=_("ONS code of the service's local authority"))
    involvement = django_filters.ChoiceFilter(choices=Involvement.choices, method="filter_involvement",
                                              help_text=_("A way residents can get involved"))
    delivery = django_filters.ChoiceFilter(choices=DeliveryModel.choices)
    ending_within = MonthsFilter(
        method="filter_ending_within", min_value=1, max_value=ENDING_WITHIN_MAX,
        error_messages={"invalid": _("Enter the number of months as a whole number, like 12"),
                        "min_value": MONTHS_MESSAGE, "max_value": MONTHS_MESSAGE},
        help_text=_("Contracts ending between today and this many months from now"))

    class Meta:
        model = Service
        fields = ["q", "council", "local_authority", "involvement", "delivery", "ending_within"]

    def filter_words(self, queryset, name, value):
        return selectors.services_filter(queryset, text=value)

    def filter_council(self, queryset, name, value):
        council = selectors.council_by_key(value)
        return queryset.filter(owner=council) if council is not None else queryset.none()

    def filter_local_authority(self, queryset, name, value):
        return queryset.filter(local_authority_id=value.upper())

    def filter_involvement(self, queryset, name, value):
        return selectors.services_filter(queryset, involvement=value)

    def filter_ending_within(self, queryset, name, value):
        return selectors.services_filter(queryset, ending_within=value, today=timezone.localdate())
