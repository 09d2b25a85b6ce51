"""Organisations, the people who belong to them with their roles, and invitations to join."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    REGISTERED_CHARITY = "registered_charity", _("Registered charity")
    CIO = "cio", _("Charitable incorporated organisation (CIO)")
    CIC = "cic", _("Community interest company (CIC)")
    COMPANY = "company", _("Company limited by guarantee or shares")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    FAITH_GROUP = "faith_group", _("Faith group")
    INFORMAL_GROUP = "informal_group", _("Informal community group")
    BUSINESS = "business", _("Business")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    PARISH_COUNCIL = "parish_council", _("Parish, town or community council")
    PUBLIC_BODY = "public_body", _("Public body")


# Which numbers each type of organisation must give, and which it may give.
CHARITY_NUMBER_REQUIRED = frozenset({OrganisationType.REGISTERED_CHARITY, OrganisationType.CIO})
CHARITY_NUMBER_ALLOWED = CHARITY_NUMBER_REQUIRED | {
    OrganisationType.COMPANY,
    OrganisationType.SOCIAL_ENTERPRISE,
    OrganisationType.FAITH_GROUP,
}
COMPANY_NUMBER_REQUIRED = frozenset({OrganisationType.CIC, OrganisationType.COMPANY})
COMPANY_NUMBER_ALLOWED = COMPANY_NUMBER_REQUIRED | {
    OrganisationType.REGISTERED_CHARITY,  # charitable companies are on both registers
    OrganisationType.SOCIAL_ENTERPRISE,
    OrganisationType.BUSINESS,
}
ONS_CODE_TYPES = frozenset({OrganisationType.LOCAL_AUTHORITY, OrganisationType.PARISH_COUNCIL})


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Waiting for checks")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Volunteer coordinator")
    VERIFIER = "verifier", _("Checks verifier")
    ASSESSOR = "assessor", _("Grant assessor")
    OFFICER = "officer", _("Council officer")
    FINANCE = "finance", _("Finance")
    FUND_ADMINISTRATOR = "fund_administrator", _("Fund administrator")


class OrganisationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification_status=VerificationStatus.VERIFIED)


class Organisation(models.Model):
    type = models.CharField(_("type of organisation"), max_length=32, choices=OrganisationType.choices)
    name = models.CharField(_("name"), max_length=200)
    charity_number = models.CharField(_("charity number"), max_length=9, blank=True)
    company_number = models.CharField(_("company number"), max_length=8, blank=True)
    ons_code = models.CharField(_("ONS code"), max_length=9, blank=True)
    register_code = models.CharField(_("local authority register code"), max_length=4, blank=True)
    # Derived by the service from the numbers above; see identifiers.py for the rules.
    org_id = models.CharField(_("organisation identifier"), max_length=64, blank=True, db_index=True)
    contact_email = models.EmailField(_("contact email address"))
    website = models.URLField(_("website"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    description = models.TextField(_("what the organisation does"), blank=True)

    verification_status = models.CharField(
        _("verification"), max_length=16, choices=VerificationStatus.choices, default=VerificationStatus.UNVERIFIED
    )
    verification_changed_at = models.DateTimeField(null=True, blank=True)
    verification_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verification_reason = models.TextField(blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org_id"], condition=~Q(org_id=""), name="organisation_org_id_unique"),
            models.UniqueConstraint(
                fields=["charity_number"], condition=~Q(charity_number=""), name="organisation_charity_unique"
            ),
            models.UniqueConstraint(
                fields=["company_number"], condition=~Q(company_number=""), name="organisation_company_unique"
            ),
            models.UniqueConstraint(
                fields=["ons_code"], condition=~Q(ons_code=""), name="organisation_ons_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(verification_status__in=VerificationStatus.values),
                name="organisation_verification_status_valid",
            ),
            models.CheckConstraint(condition=Q(type__in=OrganisationType.values), name="organisation_type_valid"),
        ]
        indexes = [models.Index(fields=["verification_status", "type"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_user_organisation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation}"

    @property
    def role_names(self) -> list[str]:
        """The member's roles in a stable order; uses prefetched roles when present."""
        return sorted((r.role for r in self.roles.all()), key=Role.values.index)

    def role_labels(self) -> list[str]:
        return [Role(name).label for name in self.role_names]


class MembershipRole(models.Model):
    """One role of one member; a row per role keeps "who holds role X" a plain, indexed query."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=32, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "role"], name="membership_role_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]
        indexes = [models.Index(fields=["role", "membership"])]

    def __str__(self) -> str:
        return self.role


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    roles = models.JSONField(default=list)
    # Only a hash of the single-use token is kept; the token itself lives in the email.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_pending(self) -> bool:
        return self.state == "pending"

    def role_labels(self) -> list[str]:
        return [Role(name).label for name in sorted(self.roles, key=Role.values.index)]
