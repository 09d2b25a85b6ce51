"""Credentials in a passport (identity, DBS, training, qualifications, occupational health) and references.

One table holds every kind of credential so that eligibility ("an enhanced DBS check with the adults' barred
list, verified and valid on the shift's date") is one indexed query; the columns of other kinds stay empty.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .passport import Passport


class CredentialKind(models.TextChoices):
    IDENTITY = "identity", _("Identity check")
    DBS = "dbs", _("DBS check")
    TRAINING = "training", _("Training")
    QUALIFICATION = "qualification", _("Qualification")
    OCCUPATIONAL_HEALTH = "occupational_health", _("Occupational health clearance")


class CredentialStatus(models.TextChoices):
    SELF_DECLARED = "self_declared", _("Not yet verified")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Could not be verified")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Withdrawn")


class IdentityMethod(models.TextChoices):
    PASSPORT = "passport", _("Passport seen")
    DRIVING_LICENCE = "driving_licence", _("Photocard driving licence seen")
    RESIDENCE_PERMIT = "residence_permit", _("Biometric residence permit or eVisa")
    DIGITAL_IDENTITY = "digital_identity", _("Certified digital identity provider")
    DOCUMENTS_IN_PERSON = "documents_in_person", _("Other documents checked in person")


class DBSLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    STANDARD = "standard", _("Standard")
    ENHANCED = "enhanced", _("Enhanced")
    ENHANCED_BARRED = "enhanced_barred", _("Enhanced with barred list check")


class BarredLists(models.TextChoices):
    NONE = "", _("None")
    CHILDREN = "children", _("Children's barred list")
    ADULTS = "adults", _("Adults' barred list")
    BOTH = "both", _("Children's and adults' barred lists")


class Workforce(models.TextChoices):
    CHILD = "child", _("Child workforce")
    ADULT = "adult", _("Adult workforce")
    CHILD_AND_ADULT = "child_and_adult", _("Child and adult workforce")
    OTHER = "other", _("Other workforce")


class QualificationType(models.TextChoices):
    FIRST_AID = "first_aid", _("First aid")
    FOOD_HYGIENE = "food_hygiene", _("Food hygiene")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    SAFEGUARDING = "safeguarding", _("Safeguarding")
    MINIBUS = "minibus", _("Minibus driving (MiDAS)")
    OTHER = "other", _("Other")


class Credential(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField(max_length=24, choices=CredentialKind.choices)
    title = models.CharField(_("name"), max_length=200, blank=True)
    provider = models.CharField(_("provider or issuer"), max_length=200, blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    status = models.CharField(max_length=16, choices=CredentialStatus.choices, default=CredentialStatus.SELF_DECLARED)

    identity_method = models.CharField(max_length=24, choices=IdentityMethod.choices, blank=True)
    dbs_level = models.CharField(max_length=16, choices=DBSLevel.choices, blank=True)
    dbs_barred_lists = models.CharField(max_length=16, choices=BarredLists.choices, blank=True)
    dbs_workforce = models.CharField(max_length=16, choices=Workforce.choices, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=12, blank=True)
    update_service_subscribed = models.BooleanField(_("subscribed to the DBS Update Service"), default=False)
    update_service_id = models.CharField(_("Update Service subscription ID"), max_length=20, blank=True)
    qualification_type = models.CharField(max_length=24, choices=QualificationType.choices, blank=True)
    licence_categories = models.CharField(_("licence categories"), max_length=60, blank=True)

    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    evidence_seen = models.TextField(_("what the verifier saw"), blank=True)
    evidence_seen_on = models.DateField(_("when the verifier saw it"), null=True, blank=True)
    rejection_reason = models.TextField(_("why it could not be verified"), blank=True)
    # Days-before-expiry reminders already sent (60, 30, 7), so the periodic task never repeats one.
    reminders_sent = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "-issued_on", "id"]
        indexes = [
            models.Index(fields=["kind", "status", "expires_on"], name="volunteers_credential_elig_idx"),
            models.Index(fields=["status", "expires_on"], name="volunteers_credential_exp_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class ReferenceStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the referee")
    ANSWERED = "answered", _("Answered")
    EXPIRED = "expired", _("Link expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Recommendation(models.TextChoices):
    YES = "yes", _("Yes")
    WITH_RESERVATIONS = "with_reservations", _("Yes, with reservations")
    NO = "no", _("No")


class Reference(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="references")
    referee_name = models.CharField(_("referee's name"), max_length=200)
    referee_email = models.EmailField(_("referee's email address"))
    relationship = models.CharField(_("how the referee knows you"), max_length=200)
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=16, choices=ReferenceStatus.choices, default=ReferenceStatus.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    known_for = models.CharField(_("how long the referee has known the volunteer"), max_length=100, blank=True)
    capacity = models.CharField(_("in what capacity the referee knows the volunteer"), max_length=200, blank=True)
    recommendation = models.CharField(max_length=24, choices=Recommendation.choices, blank=True)
    comments = models.TextField(blank=True)
    confidential = models.BooleanField(_("confidential to organisations"), default=False)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Reference from {self.referee_name}"
