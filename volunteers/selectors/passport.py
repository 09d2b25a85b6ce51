"""Reads for the passport profile (skills, causes, availability, travel) and the taxonomies."""

from django.db.models import Prefetch, QuerySet

from volunteers.models import (
    AvailabilityException,
    AvailabilityWindow,
    Cause,
    Passport,
    PassportSkill,
    Skill,
)


def passport_of(user) -> Passport | None:
    """The person's passport, or None if they have not started one (or are not signed in)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Passport.objects.filter(holder=user).first()
