"""Demo organisations of several types, verified by platform staff, with their members and roles."""

from .models import Membership, MembershipRole, Organisation, OrganisationType, Role
from .services import organisation_create, organisation_verify

# key, details, verified?, the demo person who registers it, further members and their roles.
# Register numbers are made up in the right formats; they belong to no real organisation.
ORGANISATIONS = [
    ("foodbank", {"type": OrganisationType.REGISTERED_CHARITY, "name": "Blackpool Food Bank",
                  "charity_number": "1190001", "contact_email": "hello@blackpoolfoodbank.example.org",
                  "postcode": "FY1 1AD", "description": "Emergency food parcels and a community larder."},
     True, "charity_admin", [("resident", [Role.COORDINATOR])]),
    ("youth", {"type": OrganisationType.CIO, "name": "Wearside Youth Sport",
               "charity_number": "1190002", "contact_email": "team@wearsideyouth.example.org",
               "postcode": "SR1 2AB", "description": "Football, boxing and mentoring for young people."},
     True, "charity_admin", []),
    ("garden", {"type": OrganisationType.INFORMAL_GROUP, "name": "Truro Community Garden",
                "contact_email": "garden@truro.example.org", "postcode": "TR1 1DF",
                "description": "A shared growing space open to everyone."},
     True, "coordinator", []),
    ("mutual_aid", {"type": OrganisationType.INFORMAL_GROUP, "name": "Hendon Mutual Aid",
                    "contact_email": "help@hendonmutualaid.example.org", "postcode": "SR2 1AB",
                    "description": "Neighbours helping neighbours with shopping and prescriptions."},
     False, "resident2", []),
    ("cic", {"type": OrganisationType.CIC, "name": "Claremont Repair Cafe CIC", "company_number": "12345670",
             "contact_email": "fixit@claremontrepair.example.org", "postcode": "FY1 2AB",
             "description": "Repairs, reuse and skills sharing."},
     True, "resident", []),
    ("sunderland", {"type": OrganisationType.LOCAL_AUTHORITY, "name": "Sunderland City Council",
                    "ons_code": "E08000024", "contact_email": "communities@sunderland.example.org",
                    "postcode": "SR2 2AB"},
     True, "officer", []),
    ("blackpool", {"type": OrganisationType.LOCAL_AUTHORITY, "name": "Blackpool Council",
                   "ons_code": "E06000009", "contact_email": "communities@blackpool.example.org",
                   "postcode": "FY3 1AB"},
     True, "staff", []),
    ("funder", {"type": OrganisationType.PUBLIC_BODY, "name": "Community Funds Administration",
                "contact_email": "grants@communityfunds.example.org", "postcode": "SR4 1EG",
                "description": "Runs the Community Recovery Fund and the Levelling Up Communities Fund."},
     True, "fund_admin", []),
]
# Roles the registering person holds besides administrator.
EXTRA_ROLES = {"sunderland": [Role.OFFICER], "funder": [Role.FUND_ADMINISTRATOR], "foodbank": [Role.VERIFIER]}


def _ensure_roles(world, organisation, user, roles) -> None:
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation)
    world.created["memberships"] += created
    for role in roles:
        _, created = MembershipRole.objects.get_or_create(membership=membership, role=role)
        world.created["roles"] += created


def seed(world) -> None:
    staff = world.users["staff"]
    for key, details, verified, founder_key, members in ORGANISATIONS:
        founder = world.users[founder_key]
        organisation = Organisation.objects.filter(name=details["name"]).first()
        if organisation is None:
            organisation = organisation_create(actor=founder, **details)
            world.created["organisations"] += 1
            if verified:
                organisation_verify(actor=staff, organisation=organisation)
        _ensure_roles(world, organisation, founder, [Role.ADMIN, *EXTRA_ROLES.get(key, [])])
        for member_key, roles in members:
            _ensure_roles(world, organisation, world.users[member_key], roles)
        world.organisations[key] = organisation
