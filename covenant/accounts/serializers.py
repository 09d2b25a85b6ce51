"""API shape of a person's own profile; validation is shared with the profile form."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Language
from .selectors import PROFILE_FIELDS
from .validation import (
    check_contact_by_sms,
    check_date_of_birth,
    check_sms_number,
    clean_phone,
    clean_postcode,
)

# The API may change exactly what the profile page may change.
WRITABLE_FIELDS = PROFILE_FIELDS


def _as_drf(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(error.messages, code=getattr(error, "code", None) or "invalid")


class ProfileSerializer(serializers.Serializer):
    email = serializers.EmailField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    full_name = serializers.CharField(
        max_length=200,
        allow_blank=False,
        trim_whitespace=True,
        error_messages={
            "blank": _("Enter your full name"),
            "max_length": _("Full name must be 200 characters or fewer"),
            "invalid": _("Enter your full name as text"),
        },
    )
    preferred_name = serializers.CharField(
        max_length=100,
        allow_blank=True,
        error_messages={
            "max_length": _("Preferred name must be 100 characters or fewer"),
            "invalid": _("Enter your preferred name as text"),
        },
    )
    postcode = serializers.CharField(
        max_length=16, allow_blank=True, error_messages={"invalid": _("Enter a real postcode, like SW1A 1AA")}
    )
    date_of_birth = serializers.DateField(
        allow_null=True,
        input_formats=["iso-8601"],
        error_messages={
            "invalid": _("Enter date of birth as a real date in the form YYYY-MM-DD, like 1985-03-27"),
            "datetime": _("Enter date of birth as a date without a time, like 1985-03-27"),
        },
    )
    phone = serializers.CharField(
        max_length=32, allow_blank=True, error_messages={"invalid": _("Enter a UK phone number, like 07700 900 982")}
    )
    contact_by_email = serializers.BooleanField(
        error_messages={"invalid": _("contact_by_email must be true or false")}
    )
    contact_by_sms = serializers.BooleanField(error_messages={"invalid": _("contact_by_sms must be true or false")})
    contact_in_app = serializers.BooleanField(error_messages={"invalid": _("contact_in_app must be true or false")})
    language = serializers.ChoiceField(
        choices=Language.choices,
        error_messages={"invalid_choice": _("Language must be \"en-gb\" (English) or \"cy\" (Cymraeg)")},
    )

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(WRITABLE_FIELDS))
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("This field cannot be changed here")] for name in unknown}, code="unknown_field"
                )
        return super().to_internal_value(data)

    def validate_postcode(self, value: str) -> str:
        try:
            return clean_postcode(value)
        except DjangoValidationError as error:
            raise _as_drf(error) from None

    def validate_phone(self, value: str) -> str:
        try:
            return clean_phone(value)
        except DjangoValidationError as error:
            raise _as_drf(error) from None

    def validate_date_of_birth(self, value):
        try:
            check_date_of_birth(value)
        except DjangoValidationError as error:
            raise _as_drf(error) from None
        return value

    def validate(self, attrs):
        current = self.instance
        contact_by_sms = attrs.get("contact_by_sms", getattr(current, "contact_by_sms", False))
        phone = attrs.get("phone", getattr(current, "phone", ""))
        try:
            check_contact_by_sms(contact_by_sms=contact_by_sms, phone=phone)
            check_sms_number(contact_by_sms=contact_by_sms, phone=phone)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"contact_by_sms": error.messages}, code=error.code) from None
        return attrs
