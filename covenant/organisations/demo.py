"""Demo organisations: a food bank, a garden group, two councils, a funder and one waiting for checks.

Council ONS codes are the real ones; charity numbers and names are invented for the demo.
"""

from django.utils import timezone

from . import identifiers
from .models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationType,
    Role,
    VerificationStatus,
)

# key, type, name, numbers, contact email, postcode, description, verified?, [(person key, roles)]
ORGANISATIONS = [
    ("food_bank", OrganisationType.REGISTERED_CHARITY, "Blackpool Food Bank", {"charity_number": "1190001"},
     "hello@blackpoolfoodbank.example.org", "FY1 1AB", "Emergency food parcels and a weekly community café.",
     True, [("charity_admin", [Role.ADMIN, Role.COORDINATOR, Role.VERIFIER])]),
    ("garden", OrganisationType.INFORMAL_GROUP, "Truro Community Garden", {}, "garden@truro.example.org", "TR1 1DF",
     "Volunteers growing food on an old allotment site, open to everyone.", True,
     [("coordinator", [Role.ADMIN, Role.COORDINATOR])]),
    ("sunderland", OrganisationType.LOCAL_AUTHORITY, "Sunderland City Council", {"ons_code": "E08000024"},
     "communities@sunderland.example.gov.uk", "SR2 2AB", "The city council's communities team.", True,
     [("officer", [Role.ADMIN, Role.OFFICER])]),
    ("cornwall", OrganisationType.LOCAL_AUTHORITY, "Cornwall Council", {"ons_code": "E06000052"},
     "communities@cornwall.example.gov.uk", "TR1 1DF", "The unitary council for Cornwall.", True, []),
    ("funder", OrganisationType.PUBLIC_BODY, "Community Funds Administration", {},
     "grants@communityfunds.example.org", "SR4 1EG",
     "Runs the Community Recovery Fund and the Levelling Up Communities Fund.", True,
     [("fund_admin", [Role.ADMIN, Role.FUND_ADMINISTRATOR, Role.ASSESSOR, Role.FINANCE])]),
    ("residents", OrganisationType.INFORMAL_GROUP, "Hendon Residents’ Association", {},
     "hendon.residents@example.org", "SR2 2AB", "Neighbours in Hendon who want a say in local services.", False,
     [("resident2", [Role.ADMIN])]),
]


def seed(world) -> None:
    for key, org_type, name, numbers, email, postcode, description, verified, members in ORGANISATIONS:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            status = VerificationStatus.VERIFIED if verified else VerificationStatus.UNVERIFIED
            staff = world.users.get("staff")
            organisation = Organisation.objects.create(
                type=org_type, name=name, contact_email=email, postcode=postcode, description=description,
                verification_status=status, created_by=world.users.get(members[0][0]) if members else staff,
                verification_changed_at=timezone.now() if verified else None,
                verification_changed_by=staff if verified else None, **numbers,
            )
            organisation.org_id = identifiers.derive_org_id(pk=organisation.pk, **numbers)
            organisation.save(update_fields=["org_id"])
            world.created["organisations"] += 1
        for person_key, roles in members:
            user = world.users.get(person_key)
            if user is None:
                continue
            membership, created = Membership.objects.get_or_create(user=user, organisation=organisation)
            world.created["memberships"] += created
            for role in roles:
                MembershipRole.objects.get_or_create(membership=membership, role=role)
        world.organisations[key] = organisation
