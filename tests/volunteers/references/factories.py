"""Factories for reference requests; the plain token of each is `"ref-<email>"` so tests can open its link."""

import datetime

import factory
from django.utils import timezone

from covenant.organisations.tokens import hash_token
from tests.volunteers.factories import PassportFactory
from volunteers.models import Recommendation, Reference, ReferenceStatus


def token_of(reference: Reference) -> str:
    return f"ref-{reference.referee_email}"


class ReferenceFactory(factory.django.DjangoModelFactory):
    """A request waiting for the referee; use the `answered` and `secret` (confidential) traits for answers."""

    class Meta:
        model = Reference

    passport = factory.SubFactory(PassportFactory)
    referee_name = factory.Faker("name", locale="en_GB")
    referee_email = factory.Sequence(lambda n: f"referee{n}@example.org")
    relationship = "My manager at the food bank"
    token_hash = factory.LazyAttribute(lambda o: hash_token(f"ref-{o.referee_email}"))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))

    class Params:
        answered = factory.Trait(
            status=ReferenceStatus.ANSWERED,
            answered_at=factory.LazyFunction(timezone.now),
            known_for="Four years",
            capacity="Line manager",
            recommendation=Recommendation.YES,
            comments="Reliable and kind with everyone.",
        )
        secret = factory.Trait(
            status=ReferenceStatus.ANSWERED,
            answered_at=factory.LazyFunction(timezone.now),
            confidential=True,
            known_for="SECRET-KNOWN-FOR",
            capacity="SECRET-CAPACITY",
            recommendation=Recommendation.WITH_RESERVATIONS,
            comments="SECRET-COMMENT: sometimes late.",
        )


def reference_of(user) -> Reference:
    """A request of `user`'s waiting for its referee (made once), for the permission matrix."""
    existing = Reference.objects.filter(passport__holder=user, status=ReferenceStatus.REQUESTED).first()
    return existing or ReferenceFactory(passport=PassportFactory(holder=user))
