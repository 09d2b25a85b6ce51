"""Permission-matrix rows for the pages and API of active pop-up parishes (see tests/test_permission_matrix.py).

No role of the matrix's world is a member or officer of the parish, nor an officer of a council covering it: the
parish's record is public to all of them, and every page that acts answers them 404 (anonymous people are sent
to sign in first).
"""

from django.urls import reverse

from tests.matrix import LOGIN, NF, Row, expect, public


def parish():
    """An active parish with a meeting that has taken place, a decision and a pending renewal; once per test."""
    from parishes.models import Proposal, RenewalRequest
    from parishes.services.common import add_months
    from tests.parishes.factories_active import active_parish, meeting_of

    found = Proposal.objects.filter(slug="matrix-active-parish").first()
    if found is not None:
        return found
    made = active_parish(slug="matrix-active-parish", name="Matrix Active Parish", budget_cap="100")
    meeting_of(made, days=-1)
    RenewalRequest.objects.create(parish=made, current_sunset_on=made.sunset_on,
                                  requested_sunset_on=add_months(made.sunset_on, 12), reasons="It works.")
    return made


def ended_parish():
    from parishes.models import Proposal, ProposalStatus
    from tests.parishes.factories_active import active_parish

    found = Proposal.objects.filter(slug="matrix-ended-parish").first()
    return found or active_parish(slug="matrix-ended-parish", name="Matrix Ended Parish", status=ProposalStatus.ENDED)


def meeting_pk(w) -> int:
    return parish().meetings.get().pk


def decision_pk(w) -> int:
    from parishes.models import Outcome, ParishDecision

    found = ParishDecision.objects.filter(parish=parish()).first()
    if found is None:
        found = ParishDecision.objects.create(meeting=parish().meetings.get(), parish=parish(), title="Buy bulbs",
                                              motion="That …", members_count=1, quorum=3, votes_for=1,
                                              outcome=Outcome.INQUORATE)
    return found.pk


def renewal_pk(w) -> int:
    return parish().renewal_requests.get().pk


def _page(name: str, *args):
    return lambda w: reverse(f"parishes:{name}", args=[parish().slug, *[arg(w) for arg in args]])


def _petition_slug() -> str:
    from tests.test_permission_matrix import published_proposal

    return published_proposal().slug


def petition_members(w) -> str:
    return reverse("parishes:parish-members", args=[_petition_slug()])


ACTS = expect(NF, anonymous=LOGIN)

PAGES: list = [
    # The parish's record: public to everyone.
    *[Row(f"active parish: {name}", _page(f"parish-{name}"), public())
      for name in ("members", "officers", "meetings", "decisions", "budget", "spending-csv", "renewal", "evaluation")],
    Row("active parish: a meeting", _page("parish-meeting", meeting_pk), public()),
    Row("active parish: a decision", _page("parish-decision", decision_pk), public()),
    Row("ended parish: members", lambda w: reverse("parishes:parish-members", args=[ended_parish().slug]), public()),
    # A proposal that is not (yet) a parish has no parish pages.
    Row("a petition's parish members page", petition_members, expect(NF)),
    # Joining and leaving act, so they answer only POST.
    *[Row(f"active parish: {name}", _page(f"parish-{name}"), expect(405, anonymous=LOGIN)) for name in ("join", "leave")],
    # The officers' pages, and the council's.
    *[Row(f"active parish: {name}", _page(f"parish-{name}"), ACTS)
      for name in ("appoint", "stand-down", "meeting-new", "spend", "delegate", "renewal-request",
                   "evaluation-publish")],
    *[Row(f"active parish: a meeting's {name}", _page(f"parish-meeting-{name}", meeting_pk), ACTS)
      for name in ("agenda", "minutes", "cancel")],
    Row("active parish: record a decision", _page("parish-decision-new", meeting_pk), ACTS),
    Row("active parish: decide on renewal", _page("parish-renewal-decide", renewal_pk), ACTS),
    Row("ended parish: schedule a meeting",
        lambda w: reverse("parishes:parish-meeting-new", args=[ended_parish().slug]), ACTS),
]
API: list = [
    *[Row(f"active parish{suffix or ''} (API)", lambda w, suffix=suffix: f"/api/v1/parishes/active/{parish().slug}/{suffix}",
          public())
      for suffix in ("", "meetings/", "decisions/", "spending/")],
    Row("ended parish (API)", lambda w: f"/api/v1/parishes/active/{ended_parish().slug}/", public()),
    Row("a petition as a parish (API)", lambda w: f"/api/v1/parishes/active/{_petition_slug()}/", expect(NF)),
]
