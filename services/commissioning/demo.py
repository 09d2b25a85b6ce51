"""Demo commissioning in Sunderland: the youth services contract awarded to its most advantageous tenders, and
community transport open for bids. Everything goes through the services, so the audit log tells the story.

The youth services exercise weighs quality at 50%, social value at 20% and price at 30%, over two lots (youth
clubs, open to all with 5 extra points for SMEs and VCSEs; detached youth work, reserved for them). Three invented
providers bid, their administrators invented people without passwords; Jo Clarke, the council's demo officer,
declares no conflict, scores every bid and confirms both awards. The demo cannot wait for bids to open and close,
so it moves the exercise's dates as it goes.
"""

import datetime

from allauth.account.models import EmailAddress
from django.utils import timezone

from covenant.accounts.models import User
from covenant.organisations.models import Organisation, OrganisationType
from covenant.organisations.services import organisation_create, organisation_verify
from services.catalogue.models import Service

from . import services
from .models import Exercise
from .scoring import lot_ranking

COUNCIL_ONS_CODE = "E08000024"
YOUTH_SERVICE, TRANSPORT_SERVICE = "cat-youth-01", "cat-transport-01"

CRITERIA = [
    {"name": "Quality of youth work", "kind": "quality", "weight": 50,
     "guidance": "How you will run the clubs and reach young people who do not come to them"},
    {"name": "Social value", "kind": "social_value", "weight": 20,
     "guidance": "Local jobs and apprenticeships, volunteering for young people, and cutting carbon"},
    {"name": "Price", "kind": "price", "weight": 30, "guidance": ""},
]
LOTS = [
    {"title": "Youth clubs", "description": "Evening clubs in four community centres, four nights a week.",
     "value": "420000", "reservation": "open", "sme_vcse_bonus": 5},
    {"title": "Detached youth work", "description": "Youth workers on the streets of the city centre.",
     "value": "220000", "reservation": "sme_vcse"},
]

# key, type, name, numbers, postcode, kind, admin's name
PROVIDERS = [
    ("wearside", OrganisationType.REGISTERED_CHARITY, "Wearside Youth Trust", {"charity_number": "1187342"},
     "SR1 1AD", "vcse", "Kate Milburn"),
    ("northern", OrganisationType.COMPANY, "Northern Youth Services Ltd", {"company_number": "09876543"},
     "SR4 1AB", "medium", "Paul Robson"),
    ("horizon", OrganisationType.COMPANY, "Horizon Care Group plc", {"company_number": "04567890"}, "SR2 1AD",
     "large", "Andrew Hall"),
]
# provider key, lot number, price, (quality, social value) scores out of 5
BIDS = [
    ("wearside", 1, "395000", (4, 5)), ("northern", 1, "372000", (4, 3)), ("horizon", 1, "349000", (3, 2)),
    ("wearside", 2, "210000", (4, 4)), ("northern", 2, "198000", (4, 4)),
]


def _day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def _provider(world, key, org_type, name, numbers, postcode, kind, admin_name) -> tuple:
    organisation = Organisation.objects.filter(name=name).first()
    email = f"{key}.bids@example.org"
    admin = User.objects.filter(email=email).first()
    if admin is None:
        admin = User(email=email, full_name=admin_name, postcode=postcode)
        admin.set_unusable_password()
        admin.save()
        EmailAddress.objects.create(user=admin, email=email, verified=True, primary=True)
    if organisation is None:
        organisation = organisation_create(actor=admin, type=org_type, name=name, contact_email=email,
                                           postcode=postcode, description=f"{name}, a provider of youth services.",
                                           **numbers)
        organisation = organisation_verify(actor=world.users["staff"], organisation=organisation)
        world.created["organisations"] += 1
    services.supplier_record(actor=admin, organisation=organisation, kind=kind)
    return admin, organisation


def _move(exercise: Exercise, opens: int, closes: int) -> None:
    Exercise.objects.filter(pk=exercise.pk).update(bids_open_on=_day(opens), bids_close_on=_day(closes))
    exercise.refresh_from_db()


def _youth_services(world, officer, service) -> None:
    exercise = services.exercise_create(
        actor=officer, service=service, title="Youth services from April", value="640000",
        description="Youth clubs and detached youth work across Sunderland for three years, with young people on "
                    "the panel that writes the specification.",
        bids_open_on=_day(1), bids_close_on=_day(30), scale_max=5, criteria=CRITERIA, lots=LOTS,
        method="A panel of council officers and two members of the youth council (as observers) scores each "
               "answer on its own. Bidders may be asked to present their answers before scores are final.")
    services.evaluator_assign(actor=officer, exercise=exercise, user=officer)
    exercise = services.exercise_publish(actor=officer, exercise=exercise)
    _move(exercise, -30, 0)
    providers = {row[0]: _provider(world, *row) for row in PROVIDERS}
    bids = []
    for key, number, price, scores in BIDS:
        admin, organisation = providers[key]
        bid = services.bid_start(actor=admin, lot=exercise.lots.get(number=number), organisation=organisation)
        for criterion in exercise.criteria.exclude(kind="price"):
            services.bid_answer(actor=admin, bid=bid, criterion=criterion,
                                text=f"{organisation.name} on {criterion.name.lower()}: our plan, staff and "
                                     f"track record in Sunderland.")
        services.bid_set_price(actor=admin, bid=bid, price=price)
        bids.append((services.bid_submit(actor=admin, bid=bid), scores))
    _move(exercise, -30, -3)
    services.conflict_declare(actor=officer, exercise=exercise, has_conflict=False)
    quality, social_value = exercise.criteria.get(kind="quality"), exercise.criteria.get(kind="social_value")
    for bid, (quality_score, social_score) in bids:
        services.scores_record(actor=officer, bid=bid, scores={
            quality.pk: (quality_score, "Scored against the published guidance."),
            social_value.pk: (social_score, "Commitments checked against the council's social value themes.")})
    for lot in exercise.lots.all():
        winner = lot_ranking(lot)[0].bid
        services.award_confirm(actor=officer, lot=lot, contract_value=winner.price)
    world.created["commissioning exercises"] += 1


def _community_transport(world, officer, service) -> None:
    exercise = services.exercise_create(
        actor=officer, service=service, title="Community transport from 2028", value="1140000",
        description="Door-to-door minibus trips for older and disabled residents, for three years.",
        bids_open_on=_day(1), bids_close_on=_day(45), scale_max=10, lots=[
            {"title": "Whole contract", "reservation": "open", "sme_vcse_bonus": 0}],
        criteria=[{"name": "Quality and safety", "kind": "quality", "weight": 55},
                  {"name": "Social value", "kind": "social_value", "weight": 15,
                   "guidance": "Volunteer drivers, local jobs and lower emissions"},
                  {"name": "Price", "kind": "price", "weight": 30}],
        method="Council officers score each answer from 0 to 10 on their own, then meet to check their reasons.")
    services.exercise_publish(actor=officer, exercise=exercise)
    _move(exercise, -2, 30)
    world.created["commissioning exercises"] += 1


def seed(world) -> None:
    officer, staff = world.users.get("officer"), world.users.get("staff")
    council = Organisation.objects.filter(ons_code=COUNCIL_ONS_CODE).first()
    if officer is None or staff is None or council is None:
        return
    for reference, title, make in ((YOUTH_SERVICE, "Youth services from April", _youth_services),
                                   (TRANSPORT_SERVICE, "Community transport from 2028", _community_transport)):
        service = Service.objects.filter(owner=council, reference=reference).first()
        if service is None or Exercise.objects.filter(service=service, title=title).exists():
            continue
        make(world, officer, service)
