"""Demo of the Community Right to Challenge in Sunderland: a youth service open to challenge with a submission
window open now, and a local youth charity's expression of interest in running it, awaiting the council's
decision (Jo, the demo officer, sees it in her queue with its deadline).

Everything goes through the services, so the audit log tells the story. The charity is registered by Tom (the
demo resident of Sunderland), who is its administrator, and verified by platform staff. Running it twice
creates nothing more.
"""

import datetime

from django.utils import timezone

from covenant.organisations import services as organisations
from covenant.organisations.models import Organisation, OrganisationType
from services.catalogue.models import Involvement, Service
from services.catalogue.services import service_create

from . import services
from .models import BodyKind, Challenge

SERVICE_REFERENCE = "rtc-youth-clubs"
CHARITY_NAME = "Hendon Young People's Trust"

ANSWERS = {
    "finances": "Income of £214,000 last year from grants and the café, with reserves of four months' running costs. "
                "We would run the clubs within the council's current budget and add £30,000 a year from a lottery "
                "grant already offered.",
    "capability": "Twelve years running youth work in Hendon: two qualified youth workers, 25 trained volunteers "
                  "with enhanced DBS checks, and a building open six evenings a week.",
    "social_value": "Young people would help run the clubs through a youth board, and the clubs would open on "
                    "Saturdays, when antisocial behaviour reports peak.",
    "economic_value": "Four local apprenticeships in youth work, and buying food for the clubs from local traders.",
    "environmental_value": "Clubs within walking distance of every estate in the area, and a repair café that "
                           "keeps bikes on the road.",
    "users_needs": "We asked 140 young people what they want: later opening, a quiet space for homework and "
                   "somewhere safe at the weekend. Our plan answers each of those.",
}


def _service(officer, council) -> Service | None:
    service = Service.objects.filter(owner=council, reference=SERVICE_REFERENCE).first()
    if service is not None:
        return service
    return service_create(
        actor=officer, owner=council, reference=SERVICE_REFERENCE, name="Youth clubs in Hendon and Millfield",
        description="Evening youth clubs for 11 to 19 year olds at three community centres.",
        who_it_serves="Young people aged 11 to 19 living in Hendon and Millfield", annual_budget="180000",
        delivery="in_house", involvement=[Involvement.RIGHT_TO_CHALLENGE, Involvement.FEEDBACK],
        involvement_notes="Open to the Community Right to Challenge in the windows the council publishes.")


def _charity(world, tom) -> Organisation | None:
    charity = Organisation.objects.filter(name=CHARITY_NAME).first()
    if charity is None:
        staff = world.users.get("staff")
        if staff is None:
            return None
        charity = organisations.organisation_create(
            actor=tom, type=OrganisationType.CIO, name=CHARITY_NAME, charity_number="1190047",
            contact_email="hello@hendonyoungpeople.example.org", postcode="SR2 1AB",
            description="Youth work, a youth café and holiday clubs in Hendon.")
        charity = organisations.organisation_verify(actor=staff, organisation=charity)
        world.created["organisations"] += 1
    world.organisations["youth_charity"] = charity
    return charity


def seed(world) -> None:
    officer, tom, council = world.users.get("officer"), world.users.get("resident2"), world.organisations.get(
        "sunderland")
    if officer is None or tom is None or council is None:
        return
    service = _service(officer, council)
    charity = _charity(world, tom)
    if service is None or charity is None or Challenge.objects.filter(service=service, organisation=charity).exists():
        return
    today = timezone.localdate()
    if not services.selectors.windows_of(service).exists():
        services.window_add(actor=officer, service=service, opens_on=today - datetime.timedelta(days=14),
                            closes_on=today + datetime.timedelta(days=16))
    challenge = services.challenge_start(actor=tom, service=service)
    services.challenge_set_body(actor=tom, challenge=challenge, body_kind=BodyKind.ORGANISATION, organisation=charity)
    services.challenge_update(actor=tom, challenge=challenge, **ANSWERS)
    services.challenge_submit(actor=tom, challenge=challenge)
    world.created["expressions of interest"] += 1
