"""API for finding volunteer needs: the published needs, searched and filtered, and one need with its shifts."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from covenant.core.api import CountedPagination, Pagination
from covenant.places.postcodes import normalise_postcode_or_outward

from ..models import Cause, Need, Passport, Skill
from ..selectors.eligibility import eligibility
from ..selectors.passport import passport_of
from ..selectors.search import MAX_MILES, SORTS, need_public, needs_search, shifts_to_come

# A search within this radius for a few skills is paged and counted in one query (see _few_found).
NARROW_MILES = 25
# What a page of results shows: loading only these (and the organisation's name, the cause's slug) keeps each
# of the busiest requests from reading and building whole rows of three tables it does not show.
LIST_COLUMNS = ("title", "description", "organisation__name", "cause__slug", "activity_type", "location_kind",
                "postcode", "latitude", "longitude", "minimum_age")
# The selector's argument names, as the query parameters that carry them.
PARAMETER_OF = {"date_from": "from", "date_to": "to", "sort": "ordering", "skills": "skill", "causes": "cause"}


class NeedSearchParameters(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, error_messages={
        "max_length": _("Search words must be 200 characters or fewer"),
    })
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10, error_messages={
        "max_length": _("Enter a real postcode, like SW1A 1AA, or the first part of one, like SW1A"),
    })
    within_miles = serializers.FloatField(required=False, min_value=1, max_value=MAX_MILES, error_messages={
        "invalid": _("Enter the distance as a number of miles, like 10"),
        "min_value": _("Enter a distance between 1 and %(max)s miles") % {"max": MAX_MILES},
        "max_value": _("Enter a distance between 1 and %(max)s miles") % {"max": MAX_MILES},
    })
    skill = serializers.ListField(child=serializers.SlugField(), required=False, max_length=20)
    cause = serializers.ListField(child=serializers.SlugField(), required=False, max_length=20)
    remote = serializers.BooleanField(required=False, allow_null=True, default=None, error_messages={
        "invalid": _("Enter true or false for remote"),
    })
    eligible = serializers.BooleanField(required=False, default=False, error_messages={
        "invalid": _("Enter true or false for eligible"),
    })
    ordering = serializers.ChoiceField(choices=SORTS, required=False, allow_blank=True, error_messages={
        "invalid_choice": _("Sort by distance, date or relevance"),
    })

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two cannot be declared as class attributes.
        self.fields["from"] = serializers.DateField(required=False, input_formats=["iso-8601"], error_messages={
            "invalid": _("Enter the start date as YYYY-MM-DD, like 2025-03-27"),
        })
        self.fields["to"] = serializers.DateField(required=False, input_formats=["iso-8601"], error_messages={
            "invalid": _("Enter the end date as YYYY-MM-DD, like 2025-03-27"),
        })

    def validate_postcode(self, value):
        if not value.strip():
            return ""
        try:
            return normalise_postcode_or_outward(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def validate_skill(self, slugs):
        known = set(Skill.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise serializers.ValidationError(_("There is no skill called %(slug)s") % {"slug": unknown[0]})
        return slugs

    def validate_cause(self, slugs):
        known = set(Cause.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise serializers.ValidationError(_("There is no cause called %(slug)s") % {"slug": unknown[0]})
        return slugs

    def validate(self, data):
        if data.get("within_miles") is not None and not data.get("postcode"):
            raise serializers.ValidationError(
                {"postcode": _("Enter a postcode to search within a distance, like SW1A 1AA")}
            )
        user = self.context["request"].user
        if data.get("eligible") and not user.is_authenticated:
            raise serializers.ValidationError({"eligible": _("Sign in to see only what you can sign up to")})
        return data


class NeedListSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField()
    cause = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    next_shift_at = serializers.DateTimeField(read_only=True)
    distance_miles = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Need
        fields = [
            "id", "title", "description", "organisation", "cause", "activity_type", "location_kind", "postcode",
            "latitude", "longitude", "minimum_age", "next_shift_at", "distance_miles", "url",
        ]

    def get_organisation(self, need) -> dict:
        return {"id": need.organisation_id, "name": need.organisation.name}

    def get_distance_miles(self, need) -> float | None:
        distance_km = getattr(need, "distance_km", None)
        return None if distance_km is None else round(distance_km / 1.609344, 1)

    def get_url(self, need) -> str:
        return f"/volunteering/needs/{need.pk}/"


class ShiftSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    places = serializers.IntegerField()
    places_left = serializers.IntegerField()


class NeedDetailSerializer(NeedListSerializer):
    skills = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    checks = serializers.SerializerMethodField()
    shifts = serializers.SerializerMethodField()

    class Meta(NeedListSerializer.Meta):
        fields = [
            *[name for name in NeedListSerializer.Meta.fields if name not in ("next_shift_at", "distance_miles")],
            "address", "skills", "checks", "accessibility", "expenses_policy", "expenses_reimbursed",
            "training_provided", "contact_name", "contact_email",
            "contact_phone", "shifts",
        ]

    def get_checks(self, need) -> list[dict]:
        return [
            {"kind": check.kind, "dbs_level": check.dbs_level, "dbs_barred_lists": check.dbs_barred_lists,
             "dbs_workforce": check.dbs_workforce, "qualification_type": check.qualification_type,
             "title": check.title}
            for check in need.checks.all()
        ]

    def get_shifts(self, need) -> list[dict]:
        return ShiftSerializer(self.context["shifts"], many=True).data


def _as_parameter_errors(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        {PARAMETER_OF.get(field, field): messages for field, messages in error.message_dict.items()}
    )


def _few_found(values: dict) -> bool:
    """Whether the search is narrow enough to count with the page (COUNT(*) OVER ()) rather than on its own.

    A radius of up to 25 miles and one to three skills find at most a few hundred needs, and one query saves about
    a third of the time. For thousands of needs PostgreSQL keeps every row to count them beside the page, which
    is slower than a separate count (figures in docs/PERFORMANCE.md, issue 4).
    """
    within_miles = values.get("within_miles")
    return within_miles is not None and within_miles <= NARROW_MILES and 1 <= len(values.get("skill") or []) <= 3


def _passport_or_blank(user) -> Passport:
    """The user's passport, or an unsaved one: someone without a passport is eligible only for needs asking nothing."""
    return passport_of(user) or Passport(holder=user)


@extend_schema(
    parameters=[
        OpenApiParameter("q", str), OpenApiParameter("postcode", str), OpenApiParameter("within_miles", float),
        OpenApiParameter("skill", str, many=True), OpenApiParameter("cause", str, many=True),
        OpenApiParameter("remote", bool), OpenApiParameter("from", str), OpenApiParameter("to", str),
        OpenApiParameter("eligible", bool), OpenApiParameter("ordering", str, enum=SORTS),
    ],
    responses=NeedListSerializer(many=True),
)
class NeedSearchView(APIView):
    """Published needs with shifts to come; anyone may search."""

    permission_classes = [permissions.AllowAny]
    filter_backends: list = []

    def get(self, request):
        data = {key: request.query_params.get(key) for key in request.query_params if key not in ("skill", "cause")}
        for key in ("skill", "cause"):
            if key in request.query_params:
                data[key] = request.query_params.getlist(key)
        parameters = NeedSearchParameters(data=data, context={"request": request})
        parameters.is_valid(raise_exception=True)
        values = parameters.validated_data
        try:
            search = needs_search(
                q=values.get("q", ""),
                postcode=values.get("postcode", ""),
                within_miles=values.get("within_miles"),
                skills=values.get("skill"),
                causes=values.get("cause"),
                remote=values.get("remote"),
                date_from=values.get("from"),
                date_to=values.get("to"),
                eligible_for=_passport_or_blank(request.user) if values.get("eligible") else None,
                sort=values.get("ordering", ""),
            )
        except DjangoValidationError as error:
            raise _as_parameter_errors(error) from None
        paginator = CountedPagination() if _few_found(values) else Pagination()
        page = paginator.paginate_queryset(search.needs.only(*LIST_COLUMNS), request, view=self)
        return paginator.get_paginated_response(NeedListSerializer(page, many=True).data)


class NeedDetailView(APIView):
    """One published need with its shifts to come and the places left on each; others are not found."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=NeedDetailSerializer)
    def get(self, request, pk: int):
        need = need_public(pk)
        if need is None:
            raise Http404
        shifts = shifts_to_come(need)
        body = NeedDetailSerializer(need, context={"shifts": shifts}).data
        if request.user.is_authenticated:
            # Judged on the first shift's date: checks and ages are what they will be then, not today.
            on = timezone.localdate(shifts[0].starts_at) if shifts else timezone.localdate()
            result = eligibility(passport_of(request.user), need, on=on)
            body["eligibility"] = {"eligible": result.eligible, "missing": result.missing}
        return Response(body)


urlpatterns = [
    path("volunteering/needs/", NeedSearchView.as_view(), name="search-needs"),
    path("volunteering/needs/<int:pk>/", NeedDetailView.as_view(), name="search-need"),
]
