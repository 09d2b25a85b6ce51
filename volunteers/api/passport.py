"""API of the passport profile: the holder's own profile at /api/v1/passport/ and the public taxonomies."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from volunteers.models import Cause, Skill, SkillKind, SkillLevel, Transport, Weekday
from volunteers.selectors import passport as selectors
from volunteers.services import passport as services

LEVELS = {level.name.lower(): level.value for level in SkillLevel}
LEVEL_NAMES = {value: name for name, value in LEVELS.items()}
DAYS = {day.name.lower(): day.value for day in Weekday}
DAY_NAMES = {value: name for name, value in DAYS.items()}
WRITABLE = (*services.PROFILE_FIELDS, "skills", "causes", "availability", "unavailable")


def _as_drf(error: DjangoValidationError, field: str | None = None) -> serializers.ValidationError:
    messages = error.messages
    return serializers.ValidationError({field: messages} if field else messages)


class SkillLevelInput(serializers.Serializer):
    skill = serializers.SlugField(error_messages={"required": _("Give the skill's slug, like driving-b")})
    level = serializers.ChoiceField(
        choices=list(LEVELS),
        error_messages={"invalid_choice": _("Level must be one of: beginner, competent, experienced, expert")},
    )


class WindowInput(serializers.Serializer):
    day = serializers.ChoiceField(
        choices=list(DAYS),
        error_messages={"invalid_choice": _("Day must be a day of the week in lower case, like monday")},
    )
    starts_at = serializers.TimeField(
        input_formats=["%H:%M"], error_messages={"invalid": _("Enter the start time as HH:MM, like 09:30")}
    )
    ends_at = serializers.TimeField(
        input_formats=["%H:%M"], error_messages={"invalid": _("Enter the end time as HH:MM, like 17:00")}
    )


class AwayInput(serializers.Serializer):
    starts_on = serializers.DateField(
        input_formats=["iso-8601"], error_messages={"invalid": _("Enter starts_on as a date, like 2026-07-27")}
    )
    ends_on = serializers.DateField(
        input_formats=["iso-8601"], error_messages={"invalid": _("Enter ends_on as a date, like 2026-08-10")}
    )
    reason = serializers.CharField(
        max_length=100, allow_blank=True, required=False,
        error_messages={"max_length": _("The reason must be 100 characters or fewer")},
    )

    def validate(self, attrs):
        try:
            services.check_exception_dates(attrs["starts_on"], attrs["ends_on"])
        except DjangoValidationError as error:
            raise _as_drf(error, "ends_on") from None
        return attrs


class PassportProfileInput(serializers.Serializer):
    """What the holder may change. Validation only: the services make the change."""

    max_travel_km = serializers.IntegerField(
        min_value=0, max_value=services.MAX_TRAVEL_KM,
        error_messages={
            "invalid": _("Enter max_travel_km as a whole number of kilometres, like 8"),
            "min_value": _("max_travel_km must be 0 or more"),
            "max_value": _("max_travel_km must be 200 or fewer"),
        },
    )
    second_base_postcode = serializers.CharField(max_length=16, allow_blank=True)
    second_base_label = serializers.CharField(
        max_length=60, allow_blank=True,
        error_messages={"max_length": _("second_base_label must be 60 characters or fewer")},
    )
    transport = serializers.ListField(
        child=serializers.ChoiceField(
            choices=Transport.values,
            error_messages={"invalid_choice": _("Transport must be from: walk, cycle, public, car, lift")},
        ),
        max_length=len(Transport.values),
    )
    accessibility_needs = serializers.CharField(max_length=2000, allow_blank=True)
    adjustments = serializers.CharField(max_length=2000, allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=8), max_length=50)
    skills = SkillLevelInput(many=True)
    causes = serializers.ListField(child=serializers.SlugField(), max_length=100)
    availability = WindowInput(many=True)
    unavailable = AwayInput(many=True)

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [_("Send a JSON object with the fields to change")]}, code="invalid"
            )
        unknown = sorted(set(data) - set(WRITABLE))
        if unknown:
            raise serializers.ValidationError(
                {name: [_("This field cannot be changed here")] for name in unknown}, code="unknown_field"
            )
        return super().to_internal_value(data)

    def validate_second_base_postcode(self, value):
        try:
            return services.clean_second_base(value)
        except DjangoValidationError as error:
            raise _as_drf(error) from None

    def validate_languages(self, value):
        try:
            return services.check_languages(value)
        except DjangoValidationError as error:
            raise _as_drf(error) from None

    def validate_skills(self, value):
        slugs = [item["skill"] for item in value]
        if len(set(slugs)) != len(slugs):
            raise serializers.ValidationError(_("List each skill once"))
        found = {skill.slug: skill for skill in Skill.objects.filter(slug__in=slugs, active=True)}
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            raise serializers.ValidationError(
                _("Unknown skill: %(slugs)s. Use slugs from /api/v1/volunteering/skills/") % {"slugs": ", ".join(missing)}
            )
        return {found[item["skill"]]: LEVELS[item["level"]] for item in value}

    def validate_causes(self, value):
        found = {cause.slug: cause for cause in Cause.objects.filter(slug__in=value, active=True)}
        missing = [slug for slug in value if slug not in found]
        if missing:
            raise serializers.ValidationError(
                _("Unknown cause: %(slugs)s. Use slugs from /api/v1/volunteering/causes/") % {"slugs": ", ".join(missing)}
            )
        return [found[slug] for slug in dict.fromkeys(value)]

    def validate_availability(self, value):
        windows = [services.Window(DAYS[item["day"]], item["starts_at"], item["ends_at"]) for item in value]
        try:
            return services.check_windows(windows)
        except DjangoValidationError as error:
            raise _as_drf(error) from None

    def validate_unavailable(self, value):
        return [(item["starts_on"], item["ends_on"], item.get("reason", "")) for item in value]


def profile_data(passport, user) -> dict:
    """The holder's profile as the API shows it; an unstarted passport shows its defaults."""
    if passport is None:
        return {
            "started": False, "home_postcode": user.postcode, "max_travel_km": 8,
            "max_travel_miles": services.km_to_miles(8), "second_base_postcode": "", "second_base_label": "",
            "transport": [], "accessibility_needs": "", "adjustments": "", "languages": [], "skills": [],
            "causes": [], "availability": [], "unavailable": [],
        }
    return {
        "started": True,
        "home_postcode": passport.holder.postcode,
        "max_travel_km": passport.max_travel_km,
        "max_travel_miles": services.km_to_miles(passport.max_travel_km),
        "second_base_postcode": passport.second_base_postcode,
        "second_base_label": passport.second_base_label,
        "transport": passport.transport,
        "accessibility_needs": passport.accessibility_needs,
        "adjustments": passport.adjustments,
        "languages": passport.languages,
        "skills": [
            {"skill": item.skill.slug, "name": item.skill.name, "group": item.skill.group, "kind": item.skill.kind,
             "code": item.skill.code, "level": LEVEL_NAMES[item.level]}
            for item in passport.skills.all()
        ],
        "causes": [{"slug": cause.slug, "name": cause.name} for cause in passport.causes.all()],
        "availability": [
            {"day": DAY_NAMES[w.weekday], "starts_at": f"{w.starts_at:%H:%M}", "ends_at": f"{w.ends_at:%H:%M}"}
            for w in passport.availability.all()
        ],
        "unavailable": [
            {"id": e.pk, "starts_on": e.starts_on.isoformat(), "ends_on": e.ends_on.isoformat(), "reason": e.reason}
            for e in passport.unavailable.all()
        ],
    }


class OwnPassportAPI(APIView):
    """Read and change your own passport profile: skills, causes, availability, travel, languages, access needs."""

    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    def _passport(self, request):
        if not request.user.has_perm("volunteers.start_passport"):
            raise Http404
        passport = selectors.passport_profile(request.user)
        if passport is not None and not request.user.has_perm("volunteers.view_passport_profile", passport):
            raise Http404
        return passport

    @extend_schema(responses={200: dict})
    def get(self, request):
        return Response(profile_data(self._passport(request), request.user))

    @extend_schema(request=PassportProfileInput, responses={200: dict})
    def patch(self, request):
        self._passport(request)
        serializer = PassportProfileInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        actor = request.user
        try:
            with transaction.atomic():
                passport = services.passport_get_or_create(holder=actor)
                profile = {name: data.pop(name) for name in services.PROFILE_FIELDS if name in data}
                if profile:
                    services.passport_update_profile(actor=actor, passport=passport, **profile)
                if "skills" in data:
                    services.passport_set_skills(actor=actor, passport=passport, levels=data["skills"])
                if "causes" in data:
                    services.passport_set_causes(actor=actor, passport=passport, causes=data["causes"])
                if "availability" in data:
                    services.passport_set_availability(actor=actor, passport=passport, windows=data["availability"])
                if "unavailable" in data:
                    services.passport_set_exceptions(actor=actor, passport=passport, exceptions=data["unavailable"])
        except DjangoValidationError as error:
            raise _as_drf(error) from None
        return Response(profile_data(selectors.passport_profile(actor), actor))


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["slug", "name", "group", "kind", "code", "source"]


class CauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cause
        fields = ["slug", "name", "synonyms", "source"]


def _query(request, name: str, limit: int = 100) -> str:
    value = request.query_params.get(name, "").strip()
    if len(value) > limit:
        raise serializers.ValidationError({name: [_("%(name)s must be %(limit)s characters or fewer")
                                                  % {"name": name, "limit": limit}]})
    return value


class SkillListAPI(generics.ListAPIView):
    """The skill taxonomy: anyone may read it. Filter with q (words), group and kind."""

    permission_classes = [permissions.AllowAny]
    serializer_class = SkillSerializer
    filter_backends: list = []

    @extend_schema(parameters=[
        OpenApiParameter("q", str, description="Words in the skill's name or group, or its code"),
        OpenApiParameter("group", str, description="Exact group, like Communication"),
        OpenApiParameter("kind", str, enum=SkillKind.values),
    ])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        kind = _query(self.request, "kind")
        if kind and kind not in SkillKind.values:
            raise serializers.ValidationError({"kind": [_("kind must be one of: %(kinds)s")
                                                        % {"kinds": ", ".join(SkillKind.values)}]})
        return selectors.skills_search(q=_query(self.request, "q"), group=_query(self.request, "group"), kind=kind)


class CauseListAPI(generics.ListAPIView):
    """The cause taxonomy: anyone may read it. Filter with q (words in the name or a synonym)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = CauseSerializer
    filter_backends: list = []

    @extend_schema(parameters=[OpenApiParameter("q", str, description="Words in the cause's name or a synonym")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.causes_search(q=_query(self.request, "q"))


urlpatterns = [
    path("passport/", OwnPassportAPI.as_view(), name="passport-profile"),
    path("volunteering/skills/", SkillListAPI.as_view(), name="passport-skills"),
    path("volunteering/causes/", CauseListAPI.as_view(), name="passport-causes"),
]
