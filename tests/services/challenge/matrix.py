"""Permission-matrix rows for the challenge pages and API (see tests/test_permission_matrix.py).

The challenged service belongs to the council of the matrix's council officer, so that officer is the one who
reviews and decides; the world's organisation (a verified charity) is the body, through its administrator.
"""

from django.urls import reverse

from tests.matrix import FOLLOWS, LOGIN, NF, OK, Row, expect, public, signed_in


def _council_service(world):
    """A service open to challenge, run by the matrix council officer's council; made once per test."""
    from covenant.organisations.models import Role
    from services.catalogue.models import Involvement, Service
    from tests.places.factories import LocalAuthorityFactory
    from tests.services.factories import ServiceFactory

    officer = world.people["council_officer"]
    council = officer.memberships.get(roles__role=Role.OFFICER).organisation
    return Service.objects.filter(owner=council, reference="matrix-challenge").first() or ServiceFactory(
        owner=council, local_authority=LocalAuthorityFactory(), reference="matrix-challenge",
        involvement=[Involvement.RIGHT_TO_CHALLENGE])


def _challenge(world, stage: str):
    """The world's charity's expression of interest at a stage: draft, submitted or modification."""
    from services.challenge import services
    from services.challenge.models import BodyKind, Challenge
    from tests.services.challenge.factories import ANSWERS

    existing = getattr(world, f"challenge_{stage}", None)
    if existing is not None:
        return existing
    admin = world.people["org_admin"]
    challenge = services.challenge_start(actor=admin, service=_council_service(world))
    services.challenge_set_body(actor=admin, challenge=challenge, body_kind=BodyKind.ORGANISATION,
                                organisation=world.organisation)
    services.challenge_update(actor=admin, challenge=challenge, **ANSWERS)
    if stage != "draft":
        services.challenge_submit(actor=admin, challenge=challenge)
    if stage == "modification":
        services.modification_request(actor=world.people["council_officer"], challenge=challenge,
                                      request="A smaller area")
    challenge = Challenge.objects.get(pk=challenge.pk)
    setattr(world, f"challenge_{stage}", challenge)
    return challenge


def _page(name, stage):
    return lambda w: reverse(f"services:challenge-{name}", kwargs={"pk": _challenge(w, stage).pk})


officers = expect(NF, anonymous=LOGIN, council_officer=OK)
the_body = expect(NF, anonymous=LOGIN, org_admin=OK)

PAGES = [
    Row("challenges", lambda w: reverse("services:challenge-list"), public()),
    Row("express an interest: start", lambda w: reverse("services:challenge-start"), signed_in()),
    Row("your expressions of interest", lambda w: reverse("services:challenge-yours"), signed_in()),
    Row("challenges: the council's queue", lambda w: reverse("services:challenge-queue"), officers),
    Row("challenges: submission windows", lambda w: reverse("services:challenge-window-services"), officers),
    Row("challenges: a service's windows",
        lambda w: reverse("services:challenge-windows", kwargs={"service_pk": _council_service(w).pk}), officers),
    Row("a received challenge", _page("detail", "submitted"), public()),
    # The draft's public address sends its body to the task list.
    Row("a draft challenge, publicly", _page("detail", "draft"), expect(NF, org_admin=FOLLOWS)),
    Row("a missing challenge", lambda w: reverse("services:challenge-detail", kwargs={"pk": 999999}), expect(NF)),
    *[Row(f"a draft challenge: {name}", _page(name, "draft"), the_body)
      for name in ("tasks", "body", "check")],
    Row("a draft challenge: finances",
        lambda w: reverse("services:challenge-answers", kwargs={"pk": _challenge(w, "draft").pk,
                                                                "section": "finances"}), the_body),
    Row("a received challenge: answer a modification", _page("modification", "modification"), the_body),
    Row("a received challenge: the council's review", _page("review", "submitted"), officers),
    *[Row(f"a received challenge: {name}", _page(name, "submitted"), officers)
      for name in ("accept", "reject", "modify")],
    # Following acts, so it answers only POST.
    Row("a received challenge: follow", _page("follow", "submitted"), expect(405, anonymous=LOGIN)),
]

API = [
    Row("challenges (API)", lambda w: "/api/v1/challenges/", public()),
    Row("challenge windows (API)", lambda w: "/api/v1/challenges/windows/", public()),
    Row("a received challenge (API)", lambda w: f"/api/v1/challenges/{_challenge(w, 'submitted').pk}/", public()),
    Row("a draft challenge (API)", lambda w: f"/api/v1/challenges/{_challenge(w, 'draft').pk}/", expect(NF)),
    Row("a challenge's content (API)", lambda w: f"/api/v1/challenges/{_challenge(w, 'submitted').pk}/content/",
        expect(NF, org_admin=OK, council_officer=OK)),
    Row("a draft challenge's content (API)", lambda w: f"/api/v1/challenges/{_challenge(w, 'draft').pk}/content/",
        expect(NF, org_admin=OK)),
    Row("challenges: the council's queue (API)", lambda w: "/api/v1/challenges/queue/",
        expect(NF, council_officer=OK)),
    # Deciding answers only POST (its tests cover who may: tests/services/challenge/test_api.py).
    Row("a challenge's decision (API)", lambda w: f"/api/v1/challenges/{_challenge(w, 'submitted').pk}/decision/",
        expect(405)),
]
