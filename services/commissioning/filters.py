"""django-filter filter sets of the commissioning API: exercises by council, status and phase; awards by council
and the kind of provider."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.catalogue.selectors import council_by_key

from .models import Award, Exercise, ExerciseStatus, SupplierKind

PHASES = [("upcoming", _("Bids open soon")), ("open", _("Open for bids")), ("closed", _("Bids closed"))]


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def _by_council(queryset, field: str, value: str):
    council = council_by_key(value)
    return queryset.filter(**{field: council}) if council is not None else queryset.none()


class ExerciseFilter(django_filters.FilterSet):
    council = django_filters.CharFilter(method="filter_council", max_length=20,
                                        help_text=_("The council's ONS code (E08000024), or its id when it has none"))
    status = django_filters.ChoiceFilter(
        choices=[c for c in ExerciseStatus.choices if c[0] != ExerciseStatus.DRAFT])
    phase = django_filters.ChoiceFilter(choices=PHASES, method="filter_phase",
                                        help_text=_("Where bidding stands today"))
    service = IdFilter(field_name="service_id", help_text=_("The catalogue service's id"))

    class Meta:
        model = Exercise
        fields = ["council", "status", "phase", "service"]

    def filter_council(self, queryset, name, value):
        return _by_council(queryset, "service__owner", value)

    def filter_phase(self, queryset, name, value):
        today = timezone.localdate()
        if value == "upcoming":
            return queryset.filter(bids_open_on__gt=today)
        if value == "open":
            return queryset.filter(bids_open_on__lte=today, bids_close_on__gte=today)
        return queryset.filter(bids_close_on__lt=today)


class AwardFilter(django_filters.FilterSet):
    council = django_filters.CharFilter(method="filter_council", max_length=20,
                                        help_text=_("The council's ONS code (E08000024), or its id when it has none"))
    supplier_kind = django_filters.ChoiceFilter(choices=SupplierKind.choices)

    class Meta:
        model = Award
        fields = ["council", "supplier_kind"]

    def filter_council(self, queryset, name, value):
        return _by_council(queryset, "lot__exercise__service__owner", value)
