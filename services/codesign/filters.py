"""django-filter filter sets for the co-design API: processes by council, service and stage."""

import django_filters
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from . import dates, selectors
from .models import Process

ONS_CODE = RegexValidator(r"^[A-Za-z][0-9]{8}$", _("Enter an ONS code of a council, like E08000024"),
                          code="invalid_code")
STAGES = [(selectors.UPCOMING, "upcoming"), (selectors.ACTIVE, "active"), (selectors.FINISHED, "finished")]


class ProcessFilter(django_filters.FilterSet):
    council = django_filters.CharFilter(
        method="filter_council", validators=[ONS_CODE],
        help_text=_("ONS code of the council (or parish council) that runs the service, like E08000024"))
    service = django_filters.NumberFilter(field_name="service_id", help_text=_("The id of a catalogue service"))
    stage = django_filters.ChoiceFilter(choices=STAGES, method="filter_stage",
                                        help_text=_("upcoming, active or finished, from the phases' dates"))

    class Meta:
        model = Process
        fields = ["council", "service", "stage"]

    def filter_council(self, queryset, name, value):
        return queryset.filter(service__owner__ons_code__iexact=value)

    def filter_stage(self, queryset, name, value):
        return selectors.filter_processes(queryset, status=value, day=dates.today())
