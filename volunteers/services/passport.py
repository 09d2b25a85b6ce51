"""Writes to the passport profile: travel, languages, access needs, skills, causes and availability."""

from django.db import transaction

from covenant.audit.services import audit_record
from volunteers.models import Passport


@transaction.atomic
def passport_get_or_create(*, holder) -> Passport:
    """The holder's passport, started (and audited) the first time it is needed."""
    passport, created = Passport.objects.get_or_create(holder=holder)
    if created:
        audit_record(actor=holder, action="volunteers.passport_created", target=passport)
    return passport
