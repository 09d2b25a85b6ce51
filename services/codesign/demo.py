"""A demo participatory budget in Sunderland: £50,000 for youth services, now in its vote phase.

Everything goes through the services, so the audit log and the public pages tell the story: the officer opens
the process with its phases and publishes it, invented neighbours post ideas and costed proposals, support and
discuss them, the council responds, the vote opens and a few neighbours vote. The demo cannot wait for the ideas
and proposals phases to pass, so once the ideas are in, the phases' dates are moved back three weeks (the one
change made to the rows directly). Tom (tom.rowe@example.org) lives in Sunderland and can vote.

If Sunderland has no services in the catalogue yet, the officer adds a few first, through the catalogue.
"""

import datetime

from allauth.account.models import EmailAddress
from django.utils import timezone

from covenant.accounts.models import User
from covenant.organisations.models import Organisation, OrganisationType
from covenant.places.models import Postcode
from services.catalogue.models import Service
from services.catalogue.selectors import manages
from services.catalogue.services import service_create

from . import services
from .models import Phase, Process

COUNCIL_ONS_CODE = "E08000024"
SLUG = "sunderland-youth-budget"

# Added only when Sunderland's catalogue is empty: reference, name, description.
FALLBACK_SERVICES = [
    ("youth-services", "Youth services", "Evening youth clubs in community centres and a summer programme."),
    ("libraries", "Libraries", "The city library and its branch libraries."),
    ("parks", "Parks and green spaces", "The city's parks, play areas and verges."),
]

IDEAS = [
    ("Open the youth clubs on Saturdays", "Friday night is the only evening out for many of us; Saturday "
     "afternoons are empty."),
    ("Somewhere to fix bikes", "A workshop where young people learn to repair bikes and borrow tools."),
]
# title, description, cost in pounds, supporters (neighbour numbers)
PROPOSALS = [
    ("Saturday sessions at four youth clubs", "Open four clubs every Saturday afternoon for a year, with two "
     "youth workers each.", "24000", [0, 1, 2, 3, 4]),
    ("Bike repair workshop in Hendon", "Tools, a container workshop and a mechanic two days a week.", "18000",
     [1, 2]),
    ("Summer trips for 200 young people", "Five day trips to the coast and the Lakes, with transport.", "15000",
     [0, 3]),
    ("Music studio at the city library", "Recording kit and soundproofing in the library's basement room.",
     "12000", [4]),
]
# Neighbours' ballots: the proposals (by number) each chose.
BALLOTS = [[0, 2], [0, 1], [1, 3], [0, 3]]
FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Ellie", "Farid", "Grace", "Harry"]
LAST_NAMES = ["Armstrong", "Bell", "Charlton", "Dodds", "Elliott", "Forster", "Gray", "Hall"]


def _neighbours(postcodes) -> list:
    """Residents of Sunderland with confirmed email addresses and no password: invented, and never signed in."""
    emails = [f"neighbour.codesign.{n:02d}@example.org" for n in range(len(FIRST_NAMES))]
    existing = {u.email: u for u in User.objects.filter(email__in=emails)}
    for n, email in enumerate(emails):
        if email in existing:
            continue
        user = User(email=email, full_name=f"{FIRST_NAMES[n]} {LAST_NAMES[n]}",
                    postcode=postcodes[n % len(postcodes)].postcode)
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        existing[email] = user
    return [existing[email] for email in emails]


def _service(world, council, officer) -> Service | None:
    published = Service.objects.filter(owner=council, is_published=True)
    if not published.exists():
        for reference, name, description in FALLBACK_SERVICES:
            service_create(actor=officer, owner=council, reference=reference, name=name, description=description,
                           involvement=["co_design"])
            world.created["public services"] += 1
    return (published.filter(reference__in=["cat-youth-01", "youth-services"]).first()
            or published.order_by("pk").first())


def seed(world) -> None:
    officer = world.users.get("officer")
    council = Organisation.objects.filter(ons_code=COUNCIL_ONS_CODE, type=OrganisationType.LOCAL_AUTHORITY).first()
    postcodes = list(Postcode.objects.filter(local_authority_id=COUNCIL_ONS_CODE).order_by("postcode")[:6])
    if (officer is None or not manages(officer, council) or not postcodes
            or Process.objects.filter(slug=SLUG).exists()):
        return
    service = _service(world, council, officer)
    if service is None:
        return
    today = timezone.localdate()
    process = services.process_create(
        actor=officer, service=service, title="Spend £50,000 on Sunderland's youth services",
        description="Young people and their families decide how £50,000 of next year's youth budget is spent. Post "
                    "ideas, turn them into costed proposals, support the ones you like, then vote: the proposals "
                    "with the most votes are funded, in order, while their costs fit in the budget.",
        budget="50000", voting_method="knapsack")
    Process.objects.filter(pk=process.pk).update(slug=SLUG)
    process.refresh_from_db()
    for kind, start, end, description in (
            ("ideas", 0, 13, "Post ideas for youth services."),
            ("deliberation", 14, 20, "Youth workers and residents discuss the ideas in the clubs and here."),
            ("proposals", 21, 34, "Turn ideas into proposals with a cost, and support them."),
            ("vote", 35, 55, "Vote for the proposals you want funded, up to £50,000."),
            ("implementation", 56, 420, "The council carries out the selected proposals and reports here.")):
        services.phase_add(actor=officer, process=process, kind=kind, description=description,
                           starts_on=today + datetime.timedelta(days=start),
                           ends_on=today + datetime.timedelta(days=end))
    process = services.process_publish(actor=officer, process=process)
    neighbours = _neighbours(postcodes)
    ideas = [services.idea_post(actor=neighbours[n], process=process, title=title, body=body)
             for n, (title, body) in enumerate(IDEAS)]
    services.comment_post(actor=neighbours[3], contribution=ideas[0], body="Yes, and keep them open until 8pm.")
    services.response_publish(actor=officer, contribution=ideas[0], status="accepted",
                              body="We will cost Saturday sessions so that they can be proposed.")
    # The demo cannot wait three weeks: the proposals phase is brought to its second day.
    for phase in Phase.objects.filter(process=process):
        phase.starts_on -= datetime.timedelta(days=22)
        phase.ends_on -= datetime.timedelta(days=22)
        phase.save(update_fields=["starts_on", "ends_on"])
    proposals = []
    for n, (title, body, cost, supporters) in enumerate(PROPOSALS):
        made = services.proposal_submit(actor=neighbours[n], process=process, title=title, body=body, cost=cost)
        for supporter in supporters:
            services.support_add(actor=neighbours[supporter], proposal=made)
        proposals.append(made)
    services.coauthor_invite(actor=neighbours[0], proposal=proposals[0], user=neighbours[5])
    services.coauthor_answer(actor=neighbours[5], proposal=proposals[0], accept=True)
    services.phase_advance(actor=officer, process=process)
    for n, choices in enumerate(BALLOTS):
        services.ballot_cast(actor=neighbours[n + 2], process=process, choices=[proposals[c].pk for c in choices])
    world.created["co-design processes"] += 1
