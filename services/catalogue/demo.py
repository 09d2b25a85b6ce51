"""Demo services in Sunderland City Council's catalogue, added by its officer through the catalogue's service.

Each is added once, found again by its reference; contract end dates are counted from the day the demo is loaded,
so the catalogue's "contract ends within" filter always has something to show.
"""

import datetime

from django.utils import timezone

from covenant.organisations.models import Organisation

from .models import Service
from .selectors import add_months
from .services import service_create

COUNCIL_ONS_CODE = "E08000024"

# reference, name, description, who it serves, ward codes, budget, delivery, provider, months to contract end,
# ways to get involved, how to get involved
SERVICES = [
    ("CAT-YOUTH-01", "Youth services",
     "Evening youth clubs in four community centres, detached youth work in the city centre and a summer "
     "programme of trips and activities.",
     "Young people aged 11 to 19, and up to 25 with special educational needs", [], "640000", "commissioned",
     "Wearside Youth Partnership", 9, ["commissioning", "co_design"],
     "Young people help write the specification and sit on the evaluation panel for the new contract."),
    ("CAT-LIB-01", "Libraries",
     "The city library and four branch libraries, with free computers, children's reading groups and a home "
     "delivery service.",
     "Everyone who lives, works or studies in Sunderland", [], "2150000", "in_house", "", None,
     ["co_design", "volunteering", "feedback"],
     "Volunteers run the home delivery service and the reading groups; ask at any library."),
    ("CAT-TRANSPORT-01", "Community transport",
     "Door-to-door minibus trips for people who cannot use buses, to shops, appointments and social groups.",
     "Older and disabled residents", [], "380000", "commissioned", "Sunderland Community Transport", 26,
     ["right_to_challenge", "feedback"], ""),
    ("CAT-HENDON-01", "Hendon community centre",
     "A community centre with a café, a hall for hire and advice sessions, run by a residents' trust.",
     "Residents of Hendon", ["E05009011"], "45000", "community", "Hendon Residents' Trust", 14,
     ["volunteering", "right_to_challenge"], "The trust's board meets monthly and welcomes new members."),
]


def seed(world) -> None:
    officer = world.users.get("officer")
    council = Organisation.objects.filter(ons_code=COUNCIL_ONS_CODE).first()
    if officer is None or council is None:
        return
    today = timezone.localdate()
    for (reference, name, description, who, wards, budget, delivery, provider, months, involvement,
         notes) in SERVICES:
        if Service.objects.filter(owner=council, reference=reference.lower()).exists():
            continue
        ends_on: datetime.date | None = add_months(today, months) if months else None
        service_create(actor=officer, owner=council, reference=reference, name=name, description=description,
                       who_it_serves=who, wards=wards, annual_budget=budget, delivery=delivery, provider=provider,
                       contract_ends_on=ends_on, involvement=involvement, involvement_notes=notes)
        world.created["public services"] += 1
