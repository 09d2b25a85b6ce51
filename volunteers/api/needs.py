"""API for needs, for charities' own systems: their needs, required checks, states and shifts (one, a list or CSV)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from covenant.core.api import Pagination
from covenant.core.permissions import get_object_or_404_for
from covenant.organisations.models import Organisation
from covenant.organisations.serializers import as_drf_validation_error

from ..models import ActivityType, Cause, CredentialKind, LocationKind, Need, Shift, Skill
from ..selectors.needs import (
    need_of_organisation,
    needs_of_organisation,
    shift_of_need,
    shifts_of_need,
)
from ..services import needs as services

CSV_TYPES = ("text/csv", "application/csv")


class CheckSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CredentialKind.choices, error_messages={
        "required": _("Give the kind of check, like dbs"), "invalid_choice": _("Give a kind of check from the list")})
    dbs_level = serializers.CharField(required=False, allow_blank=True, max_length=16)
    dbs_barred_lists = serializers.CharField(required=False, allow_blank=True, max_length=16)
    dbs_workforce = serializers.CharField(required=False, allow_blank=True, max_length=16)
    qualification_type = serializers.CharField(required=False, allow_blank=True, max_length=24)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)


class NeedSerializer(serializers.ModelSerializer):
    cause = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    skills = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    checks = CheckSerializer(many=True, read_only=True)

    class Meta:
        model = Need
        fields = ["id", "title", "description", "cause", "activity_type", "location_kind", "address", "postcode",
                  "latitude", "longitude", "skills", "checks", "minimum_age", "accessibility", "expenses_policy",
                  "expenses_reimbursed", "training_provided", "contact_name", "contact_email", "contact_phone",
                  "auto_accept", "status", "created_at",
                  "published_at"]


class NeedWriteSerializer(serializers.Serializer):
    """A need's details as charities send them; skills and the cause are named by slug."""

    title = serializers.CharField(max_length=150, error_messages={
        "required": _("Enter a title for the need"), "blank": _("Enter a title for the need"),
        "max_length": _("Title must be 150 characters or fewer")})
    description = serializers.CharField(max_length=5000, error_messages={
        "required": _("Enter what volunteers will do"), "blank": _("Enter what volunteers will do"),
        "max_length": _("What volunteers will do must be 5,000 characters or fewer")})
    cause = serializers.SlugRelatedField(
        slug_field="slug", queryset=Cause.objects.filter(active=True), required=False, allow_null=True,
        error_messages={"does_not_exist": _("Give a cause from the list of causes, like food-poverty, or leave it "
                                            "out"), "invalid": _("Give the cause as its slug, like food-poverty")})
    activity_type = serializers.ChoiceField(choices=ActivityType.choices, error_messages={
        "required": _("Give the type of activity, like practical"),
        "invalid_choice": _("Give a type of activity from the list, like practical")})
    location_kind = serializers.ChoiceField(choices=LocationKind.choices, error_messages={
        "required": _("Say where volunteers will help: address, postcode or remote"),
        "invalid_choice": _("Say where volunteers will help: address, postcode or remote")})
    address = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=16)
    skills = serializers.ListField(child=serializers.CharField(max_length=120), required=False, max_length=100)
    checks = CheckSerializer(many=True, required=False)
    minimum_age = serializers.IntegerField(required=False, allow_null=True, min_value=14, max_value=99,
                                           error_messages={"invalid": _("Minimum age must be a whole number, like 18"),
                                                           "min_value": _("Minimum age must be 14 or more"),
                                                           "max_value": _("Minimum age must be 99 or less")})
    accessibility = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    expenses_policy = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    contact_email = serializers.EmailField(required=False, allow_blank=True, error_messages={
        "invalid": _("Enter an email address in the correct format, like name@example.org")})
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=16)
    auto_accept = serializers.BooleanField(required=False)
    expenses_reimbursed = serializers.BooleanField(required=False)
    training_provided = serializers.BooleanField(required=False)

    def validate_skills(self, slugs: list[str]) -> list[Skill]:
        found = {skill.slug: skill for skill in Skill.objects.filter(slug__in=slugs, active=True)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise serializers.ValidationError(
                _("These are not skills we know: %(skills)s. Use skill slugs from the list of skills")
                % {"skills": ", ".join(unknown)})
        return list(dict.fromkeys(found[slug] for slug in slugs))


class ShiftSerializer(serializers.ModelSerializer):
    booked = serializers.IntegerField(read_only=True)
    applied = serializers.IntegerField(read_only=True)

    class Meta:
        model = Shift
        fields = ["id", "starts_at", "ends_at", "places", "booked", "applied"]


class ShiftWriteSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(error_messages={
        "required": _("Give the start, like 2026-12-01T09:00:00Z"), "null": _("Give the start, like 2026-12-01T09:00:00Z"),
        "invalid": _("Give the start as a date and time, like 2026-12-01T09:00:00Z")})
    ends_at = serializers.DateTimeField(error_messages={
        "required": _("Give the end, like 2026-12-01T13:00:00Z"), "null": _("Give the end, like 2026-12-01T13:00:00Z"),
        "invalid": _("Give the end as a date and time, like 2026-12-01T13:00:00Z")})
    places = serializers.IntegerField(min_value=1, max_value=1000, error_messages={
        "required": _("Give the number of places, like 4"), "invalid": _("Give the number of places as a whole number"),
        "min_value": _("Places must be between 1 and 1,000"), "max_value": _("Places must be between 1 and 1,000")})


class ShiftUpdateSerializer(ShiftWriteSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)


def _service(call):
    try:
        return call()
    except DjangoValidationError as error:
        raise as_drf_validation_error(error) from None


def _organisation(request, pk) -> Organisation:
    return get_object_or_404_for(request.user, "volunteers.manage_needs", Organisation, pk=pk)


def _need(request, pk, need_pk) -> Need:
    need = need_of_organisation(_organisation(request, pk), need_pk)
    if need is None or not request.user.has_perm("volunteers.change_need", need):
        raise Http404
    return need


def _fresh(need: Need) -> dict:
    return NeedSerializer(need_of_organisation(need.organisation, need.pk)).data


class NeedListCreate(APIView):
    """The organisation's needs (coordinators and administrators of a verified organisation; 404 to others).
    POST posts a new need as a draft."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: NeedSerializer(many=True)})
    def get(self, request, pk):
        organisation = _organisation(request, pk)
        paginator = Pagination()
        queryset = needs_of_organisation(organisation).prefetch_related("skills", "checks")
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(NeedSerializer(page, many=True).data)

    @extend_schema(request=NeedWriteSerializer, responses={201: NeedSerializer})
    def post(self, request, pk):
        organisation = _organisation(request, pk)
        serializer = NeedWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        need = _service(lambda: services.need_create(actor=request.user, organisation=organisation,
                                                     **serializer.validated_data))
        return Response(_fresh(need), status=status.HTTP_201_CREATED)


class NeedDetail(APIView):
    """One need. PATCH changes the fields given; `checks`, if given, replaces the required checks."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: NeedSerializer})
    def get(self, request, pk, need_pk):
        return Response(NeedSerializer(_need(request, pk, need_pk)).data)

    @extend_schema(request=NeedWriteSerializer, responses={200: NeedSerializer})
    def patch(self, request, pk, need_pk):
        need = _need(request, pk, need_pk)
        serializer = NeedWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        checks = data.pop("checks", None)
        skills = data.pop("skills", None)

        def update():
            services.need_update(actor=request.user, need=need, skills=skills, **data)
            if checks is not None:
                services.need_set_checks(actor=request.user, need=need, checks=checks)

        _service(update)
        return Response(_fresh(need))


class NeedTransition(APIView):
    """Move the need to another state: publish, pause, close or reopen (to draft)."""

    permission_classes = [permissions.IsAuthenticated]
    transition = ""

    @extend_schema(request=None, responses={200: NeedSerializer})
    def post(self, request, pk, need_pk):
        need = _need(request, pk, need_pk)
        service = getattr(services, f"need_{self.transition}")
        need = _service(lambda: service(actor=request.user, need=need))
        return Response(_fresh(need))


class ShiftListCreate(APIView):
    """The need's shifts. POST one shift as an object, many as a list, or a CSV body (Content-Type: text/csv,
    columns start, end, places, times like 2026-12-01 09:00 UK time); many are added all or nothing."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: ShiftSerializer(many=True)})
    def get(self, request, pk, need_pk):
        need = _need(request, pk, need_pk)
        paginator = Pagination()
        page = paginator.paginate_queryset(shifts_of_need(need), request, view=self)
        return paginator.get_paginated_response(ShiftSerializer(page, many=True).data)

    @extend_schema(request={"application/json": ShiftWriteSerializer, "text/csv": OpenApiTypes.STR},
                   responses={201: ShiftSerializer(many=True)})
    def post(self, request, pk, need_pk):
        need = _need(request, pk, need_pk)
        if (request.content_type or "").split(";")[0].strip().lower() in CSV_TYPES:
            body = request.body
            shifts = _service(lambda: services.shifts_import_csv(actor=request.user, need=need, content=body))
            return self._created(need, shifts)
        data = request.data
        if isinstance(data, list):
            serializer = ShiftWriteSerializer(data=data, many=True)
            serializer.is_valid(raise_exception=True)
            rows = [{**row, "line": position} for position, row in enumerate(serializer.validated_data, start=1)]
            shifts = _service(lambda: services.shifts_add_many(actor=request.user, need=need, rows=rows,
                                                               label=str(_("Row"))))
            return self._created(need, shifts)
        serializer = ShiftWriteSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        shift = _service(lambda: services.shift_add(actor=request.user, need=need, **serializer.validated_data))
        return Response(ShiftSerializer(shift_of_need(need, shift.pk)).data, status=status.HTTP_201_CREATED)

    def _created(self, need, shifts) -> Response:
        ids = [shift.pk for shift in shifts]
        return Response(ShiftSerializer(shifts_of_need(need).filter(pk__in=ids), many=True).data,
                        status=status.HTTP_201_CREATED)


class ShiftDetail(APIView):
    """One shift. PATCH changes its times or places (never below the places booked); DELETE removes it if
    nobody has applied or booked."""

    permission_classes = [permissions.IsAuthenticated]

    def _shift(self, request, pk, need_pk, shift_pk):
        need = _need(request, pk, need_pk)
        shift = shift_of_need(need, shift_pk)
        if shift is None:
            raise Http404
        return need, shift

    @extend_schema(responses={200: ShiftSerializer})
    def get(self, request, pk, need_pk, shift_pk):
        return Response(ShiftSerializer(self._shift(request, pk, need_pk, shift_pk)[1]).data)

    @extend_schema(request=ShiftWriteSerializer, responses={200: ShiftSerializer})
    def patch(self, request, pk, need_pk, shift_pk):
        need, shift = self._shift(request, pk, need_pk, shift_pk)
        serializer = ShiftUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _service(lambda: services.shift_update(actor=request.user, shift=shift, **serializer.validated_data))
        return Response(ShiftSerializer(shift_of_need(need, shift.pk)).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk, need_pk, shift_pk):
        _need_, shift = self._shift(request, pk, need_pk, shift_pk)
        _service(lambda: services.shift_remove(actor=request.user, shift=shift))
        return Response(status=status.HTTP_204_NO_CONTENT)


_BASE = "volunteering/organisations/<int:pk>/needs/"

urlpatterns = [
    path(_BASE, NeedListCreate.as_view(), name="needs-api-list"),
    path(f"{_BASE}<int:need_pk>/", NeedDetail.as_view(), name="needs-api-detail"),
    *[path(f"{_BASE}<int:need_pk>/{action}/", NeedTransition.as_view(transition=action), name=f"needs-api-{action}")
      for action in services.TRANSITIONS],
    path(f"{_BASE}<int:need_pk>/shifts/", ShiftListCreate.as_view(), name="needs-api-shifts"),
    path(f"{_BASE}<int:need_pk>/shifts/<int:shift_pk>/", ShiftDetail.as_view(), name="needs-api-shift"),
]
