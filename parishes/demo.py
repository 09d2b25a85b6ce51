"""Demo pop-up parishes in Sunderland and Blackpool, one at each stage from draft to active.

Everything goes through the services, so the audit log and each public page tell the story:
- Claremont (Blackpool): Aisha's draft, its founding group still forming.
- Millfield (Sunderland): Tom's open petition, part of the way to its threshold.
- Hendon (Sunderland): a valid petition in public consultation, with comments and the council's response.
- Pallion (Sunderland): approved with conditions (one power of two, a shorter term, a budget cap): active, with
  members, a clerk, a meeting whose decision commissioned a youth club, its first payment and the next meeting.

The council records electors per LSOA; each demo area covers one LSOA of about 1,100 electors, so a petition
needs 187 signatures. The neighbours who sign are invented people without passwords, so they cannot sign in.
The consultation of the active parish is closed early, as the demo cannot wait six weeks.
"""

import datetime

from allauth.account.models import EmailAddress
from django.utils import timezone

from covenant.accounts.models import User
from covenant.places.models import LSOA, LocalAuthority, Postcode

from . import services
from .models import Electorate, Meeting, Office, Power, Proposal, ProposalStatus, Review

FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Ellie", "Farid", "Grace", "Harry", "Imogen", "Jack", "Kiran",
               "Leah", "Mo", "Nia", "Owen", "Pooja", "Rhys", "Sadia", "Theo", "Una", "Vikram", "Wendy", "Yusuf",
               "Zara"]
LAST_NAMES = ["Armstrong", "Bell", "Charlton", "Dodds", "Elliott", "Forster", "Gray", "Hall", "Iqbal", "Jobling",
              "Kerr", "Lowes", "Milburn", "Nixon", "Ord", "Pattinson", "Robson", "Scott", "Thompson", "Walton"]

LSOA_ELECTORS = 1_100
NEIGHBOURS_PER_AREA = 190

CONSTITUTION_NOTE = "Meetings are open to every resident of the area; decisions are taken by a majority of members present."

# slug, name, lead proposer (a demo login, or None for a neighbour), LSOA (ward index, LSOA index) of the authority, purpose, [(power, justification)], stage
PARISHES = [
    ("claremont-pop-up-parish", "Claremont Pop-up Parish", "resident", ("E06000009", 0, 0),
     "Reopen the Claremont Park pavilion as a community café and look after the park with the people who use it.",
     [("community-building", "The pavilion has stood empty for three years; a community group can run it."),
      ("green-spaces", "Residents already litter-pick the park every month and want to plan its planting.")],
     "draft"),
    ("millfield-pop-up-parish", "Millfield Pop-up Parish", "resident2", ("E08000024", 0, 0),
     "Give Millfield a say on the regeneration of the old Vaux site and run summer events on the green.",
     [("planning-say", "The regeneration will change the neighbourhood; residents want to be consulted early."),
      ("events-and-markets", "A monthly market would bring trade back to the high street.")],
     "petition"),
    ("hendon-green-spaces-parish", "Hendon Green Spaces Parish", None, ("E08000024", 1, 0),
     "Look after Hendon's small parks and verges, and grow food on unused council land.",
     [("green-spaces", "The verges are cut twice a year; residents would look after them all year round."),
      ("regulatory-freedoms", "To try meanwhile use of empty plots for growing without a full planning application.")],
     "consultation"),
    ("pallion-pop-up-parish", "Pallion Pop-up Parish", None, ("E08000024", 2, 0),
     "Commission a youth service for Pallion with a delegated budget, and run the community centre on Waterloo "
     "Road.",
     [("commission-local-service", "Youth provision closed in 2022; young people helped write this proposal."),
      ("community-building", "The community centre needs a body that can hold its lease.")],
     "active"),
]


def _lsoa(authority_code: str, ward_index: int, lsoa_index: int) -> LSOA | None:
    """The demo places' LSOA (see covenant/places/demo.py for how its codes are made)."""
    from covenant.places.demo import AUTHORITIES

    la_index = next((i for i, row in enumerate(AUTHORITIES) if row[0] == authority_code), None)
    if la_index is None:
        return None
    return LSOA.objects.filter(code=f"E01{990000 + la_index * 100 + ward_index * 10 + lsoa_index:06d}").first()


def _area_around(postcodes) -> dict:
    """A rectangle a little larger than the LSOA's postcodes, as a GeoJSON polygon."""
    lats = [p.latitude for p in postcodes]
    lngs = [p.longitude for p in postcodes]
    pad = 0.0006
    south, north, west, east = min(lats) - pad, max(lats) + pad, min(lngs) - pad, max(lngs) + pad
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


def _neighbours(key: str, postcodes, count: int) -> list:
    """Residents of the area with confirmed email addresses and no password: invented, and never signed in."""
    emails = [f"neighbour.{key}.{n:03d}@example.org" for n in range(count)]
    existing = {u.email: u for u in User.objects.filter(email__in=emails)}
    new = []
    for n, email in enumerate(emails):
        if email in existing:
            continue
        user = User(email=email, full_name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n % len(LAST_NAMES)]}",
                    postcode=postcodes[n % len(postcodes)].postcode)
        user.set_unusable_password()
        new.append(user)
    User.objects.bulk_create(new)
    made = list(User.objects.filter(email__in=[u.email for u in new]))
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in made])
    return sorted([*existing.values(), *made], key=lambda u: u.email)


def _draft(world, *, lead, slug, name, purpose, area, powers, founders) -> Proposal:
    proposal = services.proposal_create(actor=lead, name=name, purpose=purpose, area=area,
                                        sunset_on=services.add_months(timezone.localdate(), 24))
    if proposal.slug != slug:
        Proposal.objects.filter(pk=proposal.pk).update(slug=slug)
        proposal.refresh_from_db()
    proposal.constitution = f"{proposal.constitution}\n\n{CONSTITUTION_NOTE}"
    proposal.save(update_fields=["constitution"])
    services.proposal_set_powers(actor=lead, proposal=proposal,
                                 powers=[(Power.objects.get(slug=power), why) for power, why in powers])
    for person in founders:
        services.founding_member_join(actor=person, proposal=proposal)
    world.created["pop-up parish proposals"] += 1
    return proposal


def _sign(proposal: Proposal, people) -> None:
    for person in people:
        proposal.refresh_from_db(fields=["status"])
        if proposal.status != ProposalStatus.PUBLISHED:
            return
        services.petition_sign(actor=person, proposal=proposal)


def _consult(officer, proposal: Proposal, commenters) -> None:
    services.review_start(actor=officer, proposal=proposal)
    services.review_assign_case_officer(actor=officer, proposal=proposal, officer=officer)
    for key in ("area", "electorate", "powers"):
        services.review_check(actor=officer, proposal=proposal, key=key, done=True,
                              note="Checked against the council's records.")
    services.consultation_open(actor=officer, proposal=proposal)
    comments = [
        "I support this. The verges on Villette Road have been an eyesore for years.",
        "Who would be responsible for insurance when volunteers work on council land?",
    ]
    for person, body in zip(commenters, comments, strict=False):
        services.consultation_comment(actor=person, proposal=proposal, body=body)
    services.consultation_respond(
        actor=officer, proposal=proposal,
        body="Thank you for your comments. Volunteers working under an approved pop-up parish are covered by the "
             "council's public liability insurance while they carry out its delegated powers.")


def _approve(officer, proposal: Proposal, commenters) -> None:
    _consult(officer, proposal, commenters)
    # The demo cannot wait six weeks: the consultation is brought to its closing date.
    Review.objects.filter(proposal=proposal).update(consultation_closes_on=timezone.localdate())
    services.consultation_close(actor=officer, proposal=proposal)
    services.review_decide(
        actor=officer, proposal=proposal, decision=ProposalStatus.APPROVED_WITH_CONDITIONS,
        reasons="A well-supported proposal with a clear plan. The youth service can be commissioned within a "
                "capped budget; the community centre's lease needs a separate agreement with the council first.",
        granted_powers=[Power.objects.get(slug="commission-local-service")],
        sunset_on=services.add_months(timezone.localdate(), 18), budget_cap=12000)


def _run(parish: Proposal, neighbours) -> None:
    """The active parish at work: neighbours join, a clerk is appointed, a meeting decided on the youth service
    and the parish spent from its budget; the next meeting is on the calendar."""
    chair = parish.created_by
    for person in neighbours:
        if person != chair:
            services.parish_join(actor=person, parish=parish)
    clerk = next(p for p in neighbours if p != chair)
    services.officer_appoint(actor=chair, parish=parish, office=Office.CLERK, user=clerk)
    now = timezone.now()
    first = services.meeting_schedule(
        actor=clerk, parish=parish, title="First meeting: the youth service", place="Pallion Community Centre",
        starts_at=now + datetime.timedelta(hours=1),
        agenda="1. Welcome and apologies\n2. Commissioning the youth service\n3. Dates of meetings")
    # The demo cannot wait for the meeting: it is moved to last week, where it happened.
    Meeting.objects.filter(pk=first.pk).update(starts_at=now - datetime.timedelta(days=7))
    first.refresh_from_db()
    services.meeting_publish_minutes(
        actor=clerk, meeting=first,
        minutes="Eight members attended. The parish agreed to commission a Friday youth club for a year.")
    present = [chair, clerk, *[p for p in neighbours if p not in (chair, clerk)][:4]]
    decision = services.decision_record(
        actor=clerk, meeting=first, title="Commission a Friday youth club",
        motion="That the parish commissions a Friday youth club from a local provider for one year, within £9,000.",
        votes={person: ("against" if n == len(present) - 1 else "for") for n, person in enumerate(present)})
    services.spending_record(actor=clerk, parish=parish, spent_on=timezone.localdate(),
                             payee="Pallion Youth Trust", purpose="Friday youth club, first quarter", amount="2250.00",
                             decision=decision)
    services.meeting_schedule(actor=clerk, parish=parish, title="Summer meeting", place="Pallion Community Centre",
                              starts_at=now + datetime.timedelta(days=28))


def seed(world) -> None:
    officer = world.users.get("officer")
    for slug, name, lead_key, (authority_code, ward_index, lsoa_index), purpose, powers, stage in PARISHES:
        if Proposal.objects.filter(slug=slug).exists():
            continue
        lsoa = _lsoa(authority_code, ward_index, lsoa_index)
        authority = LocalAuthority.objects.filter(code=authority_code).first()
        if lsoa is None or authority is None or officer is None:
            continue
        postcodes = list(Postcode.objects.filter(lsoa=lsoa).order_by("postcode"))
        neighbours = _neighbours(slug.split("-")[0], postcodes, 21 if stage == "draft" else NEIGHBOURS_PER_AREA)
        lead = world.users.get(lead_key) if lead_key else None
        if lead is None or lead.postcode not in {p.postcode for p in postcodes}:
            lead = neighbours[-1]
        if stage != "draft" and not Electorate.objects.filter(lsoa=lsoa).exists():
            services.electorate_record(actor=officer, local_authority=authority, electors=LSOA_ELECTORS,
                                       lsoa=lsoa, as_of=timezone.localdate() - datetime.timedelta(days=60))
        founders = neighbours[:12] if stage == "draft" else neighbours[:21]
        proposal = _draft(world, lead=lead, slug=slug, name=name, purpose=purpose, area=_area_around(postcodes),
                          powers=powers, founders=[p for p in founders if p != lead])
        if stage == "draft":
            continue
        services.proposal_publish(actor=lead, proposal=proposal)
        _sign(proposal, neighbours[:64] if stage == "petition" else neighbours)
        proposal.refresh_from_db()
        if stage == "consultation":
            _consult(officer, proposal, neighbours[-3:])
        elif stage == "active":
            _approve(officer, proposal, neighbours[-3:])
            _run(proposal, neighbours[:8])
