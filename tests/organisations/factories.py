"""Factories for organisations, their members and invitations."""

import factory
from django.utils import timezone

from covenant.organisations import identifiers
from covenant.organisations.models import (
    Invitation,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationType,
    Role,
    VerificationStatus,
)
from covenant.organisations.services import INVITATION_LIFETIME
from covenant.organisations.tokens import hash_token
from tests.accounts.factories import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An unverified registered charity in England and Wales."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    type = OrganisationType.REGISTERED_CHARITY
    name = factory.Sequence(lambda n: f"Riverside Community Trust {n}")
    charity_number = factory.Sequence(lambda n: str(1100000 + n))
    contact_email = factory.Sequence(lambda n: f"hello{n}@trust.example.org")
    postcode = "SW1A 1AA"
    description = "Runs a community garden and a food bank."

    @factory.post_generation
    def org_id(obj, create, extracted, **kwargs):
        obj.org_id = extracted or identifiers.derive_org_id(
            pk=obj.pk or 1, charity_number=obj.charity_number, company_number=obj.company_number,
            ons_code=obj.ons_code, register_code=obj.register_code,
        )
        if create:
            obj.save(update_fields=["org_id"])


class VerifiedOrganisationFactory(OrganisationFactory):
    verification_status = VerificationStatus.VERIFIED
    verification_changed_at = factory.LazyFunction(timezone.now)


class InformalGroupFactory(OrganisationFactory):
    type = OrganisationType.INFORMAL_GROUP
    name = factory.Sequence(lambda n: f"Elm Street Mutual Aid {n}")
    charity_number = ""


class LocalAuthorityFactory(VerifiedOrganisationFactory):
    """A verified English council, identified by its ONS code."""

    type = OrganisationType.LOCAL_AUTHORITY
    name = factory.Sequence(lambda n: f"Borough Council {n}")
    charity_number = ""
    ons_code = factory.Sequence(lambda n: f"E07{100000 + n:06d}")
    contact_email = factory.Sequence(lambda n: f"community{n}@council.example.gov.uk")


class MembershipFactory(factory.django.DjangoModelFactory):
    """A member; pass roles=["admin", ...] (default: coordinator)."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if not create:
            return
        for role in extracted if extracted is not None else [Role.COORDINATOR]:
            MembershipRole.objects.create(membership=obj, role=role)


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation; its plain token is `"token-<email>"` so tests can accept it."""

    class Meta:
        model = Invitation

    organisation = factory.SubFactory(VerifiedOrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    roles = factory.LazyFunction(lambda: [Role.COORDINATOR])
    token_hash = factory.LazyAttribute(lambda o: hash_token(f"token-{o.email}"))
    invited_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + INVITATION_LIFETIME)


def admin_of(organisation, **user_kwargs):
    """A user who administers `organisation`."""
    return MembershipFactory(organisation=organisation, user=UserFactory(**user_kwargs), roles=[Role.ADMIN]).user
