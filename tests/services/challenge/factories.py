"""Helpers for Right to Challenge tests: a service open to challenge, a charity and its administrator, and
expressions of interest at each stage, made through the services as people make them."""

from covenant.organisations.models import OrganisationType, Role
from services.catalogue.models import Involvement
from services.challenge import services
from services.challenge.models import BodyKind, Challenge
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory
from tests.services.factories import ServiceFactory

ANSWERS = {
    "finances": "Income of £200,000 and reserves of four months' costs.",
    "capability": "Two youth workers and 20 trained volunteers.",
    "social_value": "A youth board runs the clubs with us.",
    "economic_value": "Four apprenticeships.",
    "environmental_value": "Clubs within walking distance of every estate.",
    "users_needs": "We asked 140 young people what they need.",
}


def open_service(town, **kwargs):
    """A published service of the town's council, open to the Right to Challenge."""
    kwargs.setdefault("name", "Youth clubs")
    kwargs.setdefault("involvement", [Involvement.RIGHT_TO_CHALLENGE])
    return ServiceFactory(owner=town.organisation, local_authority=town.local_authority, **kwargs)


def organisation_admin(*, type=OrganisationType.REGISTERED_CHARITY, verified=True, **kwargs):
    """A person who administers an organisation of `type` (verified unless told otherwise)."""
    from tests.organisations.factories import OrganisationFactory

    factory = VerifiedOrganisationFactory if verified else OrganisationFactory
    numbers = {"charity_number": ""} if type not in (OrganisationType.REGISTERED_CHARITY,
                                                     OrganisationType.CIO) else {}
    organisation = factory(type=type, **numbers, **kwargs)
    person = MembershipFactory(organisation=organisation, roles=[Role.ADMIN], user=UserFactory()).user
    return person, organisation


def draft(service, *, person=None, organisation=None, answers=True) -> Challenge:
    """A draft expression of interest by a charity (made here unless given), answered unless told otherwise."""
    if person is None:
        person, organisation = organisation_admin()
    challenge = services.challenge_start(actor=person, service=service)
    services.challenge_set_body(actor=person, challenge=challenge, body_kind=BodyKind.ORGANISATION,
                                organisation=organisation)
    if answers:
        services.challenge_update(actor=person, challenge=challenge, **ANSWERS)
    challenge.refresh_from_db()
    return challenge


def submitted(service, **kwargs) -> Challenge:
    challenge = draft(service, **kwargs)
    return services.challenge_submit(actor=challenge.created_by, challenge=challenge)
