"""Signed, verifiable credentials issued from a passport, and the keys that sign them."""

import uuid

from django.db import models
from django.utils import timezone

from .passport import Passport


class SigningKey(models.Model):
    """An Ed25519 key. Retired keys no longer sign but stay published, so old credentials still verify."""

    kid = models.CharField(max_length=64, unique=True)
    public_key = models.CharField(max_length=128, help_text="Raw public key, base64url")
    # The private key is encrypted with a key derived from settings (never stored in the clear).
    private_key_encrypted = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.kid


class IssuedCredential(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="issued")
    credentials = models.ManyToManyField("volunteers.Credential", related_name="issued_in", blank=True)
    document = models.JSONField()
    key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="issued")
    issued_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"Credential {self.id}"
