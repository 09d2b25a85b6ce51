"""API shapes of organisations and members; input serializers validate only, services do the work."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Membership, Organisation, OrganisationType
from .validation import clean_postcode, clean_registration


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id", "org_id", "type", "name", "charity_number", "company_number", "ons_code", "register_code",
            "contact_email", "website", "postcode", "description", "verification_status", "created_at",
        ]
        read_only_fields = fields


def as_drf_validation_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError in the API's shape, field by field."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(
            {("non_field_errors" if field == "__all__" else field): messages
             for field, messages in error.message_dict.items()}
        )
    return serializers.ValidationError({"non_field_errors": error.messages})


class OrganisationCreateSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=OrganisationType.choices,
        error_messages={"required": _("Select the type of organisation"),
                        "invalid_choice": _("Select the type of organisation from the list")},
    )
    name = serializers.CharField(
        max_length=200,
        error_messages={"required": _("Enter the organisation’s name"), "blank": _("Enter the organisation’s name"),
                        "max_length": _("Organisation name must be 200 characters or fewer")},
    )
    charity_number = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    company_number = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    ons_code = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    register_code = serializers.CharField(required=False, allow_blank=True, max_length=10, default="")
    contact_email = serializers.EmailField(
        max_length=254,
        error_messages={"required": _("Enter a contact email address, like name@example.org"),
                        "blank": _("Enter a contact email address, like name@example.org"),
                        "invalid": _("Enter an email address in the correct format, like name@example.org")},
    )
    website = serializers.URLField(
        required=False, allow_blank=True, max_length=200, default="",
        error_messages={"invalid": _("Enter a website address in the correct format, like https://example.org")},
    )
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10, default="")
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")

    def validate_postcode(self, value):
        try:
            return clean_postcode(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages[0]) from None

    def validate(self, attrs):
        try:
            attrs.update(clean_registration(
                type=attrs["type"], charity_number=attrs.get("charity_number", ""),
                company_number=attrs.get("company_number", ""), ons_code=attrs.get("ons_code", ""),
                register_code=attrs.get("register_code", ""),
            ))
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from None
        return attrs


class OrganisationQuerySerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=OrganisationType.choices, required=False,
        error_messages={"invalid_choice": _("Choose a type of organisation from the list")},
    )
    q = serializers.CharField(required=False, allow_blank=True, max_length=200,
                              help_text=_("Text to find in the name or description, or an exact org-id"))


class MemberSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "user_id", "email", "name", "roles", "created_at"]
        read_only_fields = fields

    def get_roles(self, membership) -> list[str]:
        return membership.role_names

