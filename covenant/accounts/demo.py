"""Demo people: residents and the people who hold each role, all with verified email addresses."""

from allauth.account.models import EmailAddress

from covenant.core.demo import DEMO_PASSWORD

from .models import User

# key, email, full name, preferred name, postcode, role shown in the logins table, platform staff?
PEOPLE = [
    ("resident", "resident@example.org", "Aisha Khan", "Aisha", "FY1 1AB", "Resident and volunteer", False),
    ("resident2", "tom.rowe@example.org", "Thomas Rowe", "Tom", "SR1 1AD", "Resident", False),
    ("charity_admin", "priya@example.org", "Priya Shah", "Priya", "FY3 1BE", "Charity administrator (Blackpool Food Bank)", False),
    ("coordinator", "gareth@example.org", "Gareth Evans", "", "TR1 1DF", "Volunteer coordinator (Truro Community Garden)", False),
    ("officer", "officer@example.org", "Joanne Clarke", "Jo", "SR2 2AB", "Council officer (Sunderland City Council)", False),
    ("fund_admin", "funds@example.org", "Daniel Okafor", "Dan", "SR4 1EG", "Fund administrator (Community Funds Administration)", False),
    ("staff", "staff@example.org", "Morgan Hughes", "", "TR2 1AB", "Platform staff", True),
]


def seed(world) -> None:
    for key, email, full_name, preferred, postcode, role, is_staff in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=full_name,
                preferred_name=preferred,
                postcode=postcode,
                is_staff=is_staff,
            )
            world.created["people"] += 1
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        world.users[key] = user
        world.add_login(email, role)
