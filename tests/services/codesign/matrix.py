"""Permission-matrix rows for the codesign pages and API (see tests/test_permission_matrix.py).

The processes belong to a service of the council whose officer is the matrix's council_officer, so that officer
reaches the officers' pages and everyone else gets the same 404 as for something missing."""

import datetime

from django.urls import reverse

from tests.matrix import LOGIN, NF, OK, Row, expect, public, signed_in

# Only acting by POST: a GET answers 405 to the signed in, and anonymous people are sent to sign in first.
POST_ONLY = expect(405, anonymous=LOGIN)
OFFICERS = expect(NF, anonymous=LOGIN, council_officer=OK)


def _council(world):
    from covenant.organisations.models import Membership

    return Membership.objects.get(user=world.people["council_officer"]).organisation


def process_of(world, slug: str = "matrix-vote", **kwargs):
    """A published process of the officer's council in its vote phase, with a proposal, an idea, a comment, a
    phase still to come and a result followed up; made once per test."""
    from services.codesign.models import Comment, ContributionKind, FollowUp, Phase, Process
    from tests.services.codesign.factories import (
        ContributionFactory,
        ProcessFactory,
        phases_around,
        proposal,
    )
    from tests.services.factories import ServiceFactory

    process = Process.objects.filter(slug=slug).first()
    if process is not None:
        return process
    service = ServiceFactory(owner=_council(world))
    process = ProcessFactory(service=service, slug=slug, budget="1000", voting_method="knapsack", **kwargs)
    phases = phases_around(process, "vote", kinds=["ideas", "proposals", "vote"])
    later = phases["vote"].ends_on + datetime.timedelta(days=30)
    Phase.objects.create(process=process, kind="implementation", starts_on=later, ends_on=later)
    made = proposal(process, title="Matrix proposal")
    idea = ContributionFactory(process=process, kind=ContributionKind.IDEA, title="Matrix idea")
    Comment.objects.create(contribution=idea, author=made.author, body="A comment")
    FollowUp.objects.create(process=process, contribution=made, title=made.title)
    return process


def draft_of(world):
    from services.codesign.models import ProcessStatus

    return process_of(world, slug="matrix-draft", status=ProcessStatus.DRAFT, published_at=None)


def counted_of(world):
    """A process whose vote closed and whose result is published."""
    from services.codesign.models import Process
    from services.codesign.services import result_compute, result_publish
    from tests.services.codesign.factories import (
        ProcessFactory,
        ballot_for,
        phases_around,
        proposal,
    )
    from tests.services.factories import ServiceFactory

    process = Process.objects.filter(slug="matrix-counted").first()
    if process is None:
        officer = world.people["council_officer"]
        process = ProcessFactory(service=ServiceFactory(owner=_council(world)), slug="matrix-counted",
                                 budget="1000", voting_method="knapsack")
        phases_around(process, None, kinds=["proposals", "vote"], ended="vote")
        ballot_for(process, officer, [proposal(process)])
        result_compute(actor=officer, process=process)
        result_publish(actor=officer, process=process)
    return process


def _url(name, process, *args):
    return reverse(f"services:codesign-{name}", args=[process.slug, *args])


def _proposal(process):
    return process.contributions.get(title="Matrix proposal")


def _idea(process):
    return process.contributions.get(title="Matrix idea")


PAGES = [
    Row("co-design processes", lambda w: reverse("services:codesign-list"), public()),
    Row("a published co-design process", lambda w: _url("process", process_of(w)), public()),
    Row("a draft co-design process", lambda w: _url("process", draft_of(w)), expect(NF, council_officer=OK)),
    Row("a missing co-design process", lambda w: reverse("services:codesign-process", args=["no-such"]),
        expect(NF)),
    Row("follow a co-design process", lambda w: _url("follow", process_of(w)), POST_ONLY),
    Row("follow a draft co-design process", lambda w: _url("follow", draft_of(w)), POST_ONLY),
    Row("co-design ideas", lambda w: _url("ideas", process_of(w)), public()),
    Row("co-design proposals", lambda w: _url("proposals", process_of(w)), public()),
    Row("a draft's co-design proposals", lambda w: _url("proposals", draft_of(w)), expect(NF, council_officer=OK)),
    Row("post a co-design idea", lambda w: _url("idea-new", process_of(w)), signed_in()),
    Row("make a co-design proposal", lambda w: _url("proposal-new", process_of(w)), signed_in()),
    Row("a co-design idea", lambda w: _url("idea", process_of(w), _idea(process_of(w)).pk), public()),
    Row("a co-design proposal", lambda w: _url("proposal", process_of(w), _proposal(process_of(w)).pk), public()),
    Row("a co-design proposal under the ideas' address",
        lambda w: _url("idea", process_of(w), _proposal(process_of(w)).pk), expect(NF)),
    Row("reply to a co-design comment",
        lambda w: _url("idea-reply", process_of(w), _idea(process_of(w)).pk, _idea(process_of(w)).comments.get().pk),
        signed_in()),
    *[Row(f"a co-design proposal: {name}", lambda w, name=name: _url(name, process_of(w),
                                                                     _proposal(process_of(w)).pk), status)
      for name, status in (("proposal-comment", POST_ONLY), ("support", POST_ONLY),
                           ("coauthor-answer", POST_ONLY),
                           # Only its author changes it or invites co-authors, and only in the proposals phase.
                           ("proposal-edit", expect(NF, anonymous=LOGIN)),
                           ("coauthors", expect(NF, anonymous=LOGIN)))],
    Row("a co-design ballot", lambda w: _url("ballot", process_of(w)), public()),
    Row("a co-design ballot's running total", lambda w: _url("ballot-total", process_of(w)), public()),
    Row("a co-design result, before it is published", lambda w: _url("results", process_of(w)), public()),
    Row("a co-design result's ballots, before it is published", lambda w: _url("results-json", process_of(w)),
        expect(NF)),
    Row("a published co-design result", lambda w: _url("results", counted_of(w)), public()),
    Row("a published co-design result's ballots (JSON)", lambda w: _url("results-json", counted_of(w)), public()),
    Row("a published co-design result's ballots (CSV)", lambda w: _url("results-csv", counted_of(w)), public()),
    Row("a co-design process's accountability", lambda w: _url("accountability", process_of(w)), public()),
    # Officers of the service's council.
    Row("co-design: the council's processes", lambda w: reverse("services:codesign-officers"), OFFICERS),
    Row("co-design: open a process", lambda w: reverse("services:codesign-process-new"), OFFICERS),
    *[Row(f"co-design: {name}", lambda w, name=name: _url(name, process_of(w)), OFFICERS)
      for name in ("manage", "manage-details", "manage-budget", "phase-add", "phase-next", "close", "moderation",
                   "responses", "result", "follow-ups")],
    Row("co-design: publish a draft", lambda w: _url("publish", draft_of(w)), OFFICERS),
    *[Row(f"co-design: {name} a phase still to come",
          lambda w, name=name: _url(name, process_of(w), process_of(w).phases.get(kind="implementation").pk),
          OFFICERS) for name in ("phase-edit", "phase-remove")],
    Row("co-design: hide an idea", lambda w: _url("hide-idea", process_of(w), _idea(process_of(w)).pk), OFFICERS),
    Row("co-design: hide a proposal",
        lambda w: _url("hide-proposal", process_of(w), _proposal(process_of(w)).pk), OFFICERS),
    Row("co-design: hide a comment",
        lambda w: _url("hide-comment", process_of(w), _idea(process_of(w)).comments.get().pk), OFFICERS),
    *[Row(f"co-design: show {what} again", lambda w, name=name, target=target: _url(name, process_of(w),
                                                                                   target(process_of(w)).pk),
          OFFICERS)
      for what, name, target in (("an idea", "restore-idea", _idea), ("a proposal", "restore-proposal", _proposal),
                                 ("a comment", "restore-comment", lambda p: _idea(p).comments.get()))],
    Row("co-design: reports to look at", lambda w: _url("reports", process_of(w)), OFFICERS),
    *[Row(f"co-design: dismiss the reports of {what}",
          lambda w, name=name, target=target: _url(name, process_of(w), target(process_of(w)).pk), OFFICERS)
      for what, name, target in (("an idea", "dismiss-idea", _idea), ("a proposal", "dismiss-proposal", _proposal),
                                 ("a comment", "dismiss-comment", lambda p: _idea(p).comments.get()))],
    # Anyone signed in may report what is published; a draft's are 404 (the same as missing).
    Row("report a co-design idea", lambda w: _url("idea-report", process_of(w), _idea(process_of(w)).pk),
        signed_in()),
    Row("report a co-design proposal",
        lambda w: _url("proposal-report", process_of(w), _proposal(process_of(w)).pk), signed_in()),
    Row("report a co-design comment",
        lambda w: _url("idea-comment-report", process_of(w), _idea(process_of(w)).pk,
                       _idea(process_of(w)).comments.get().pk), signed_in()),
    Row("report a draft's co-design idea",
        lambda w: _url("idea-report", draft_of(w), _idea(draft_of(w)).pk),
        expect(NF, anonymous=LOGIN, council_officer=OK)),
    Row("co-design: respond to a proposal",
        lambda w: _url("respond", process_of(w), _proposal(process_of(w)).pk), OFFICERS),
    Row("co-design: update a followed-up result",
        lambda w: _url("follow-up", process_of(w), process_of(w).follow_ups.get().pk), OFFICERS),
    *[Row(f"co-design: {name}", lambda w, name=name: _url(name, process_of(w)), POST_ONLY)
      for name in ("result-compute", "result-publish")],
]

API = [
    Row("co-design processes (API)", lambda w: "/api/v1/co-design/processes/", public()),
    Row("a published co-design process (API)",
        lambda w: f"/api/v1/co-design/processes/{process_of(w).slug}/", public()),
    Row("a draft co-design process (API)", lambda w: f"/api/v1/co-design/processes/{draft_of(w).slug}/",
        expect(NF)),
    Row("a co-design process's proposals (API)",
        lambda w: f"/api/v1/co-design/processes/{process_of(w).slug}/proposals/", public()),
    Row("a co-design process's ideas (API)",
        lambda w: f"/api/v1/co-design/processes/{process_of(w).slug}/ideas/", public()),
    Row("a draft's co-design proposals (API)",
        lambda w: f"/api/v1/co-design/processes/{draft_of(w).slug}/proposals/", expect(NF)),
    Row("a published co-design result (API)",
        lambda w: f"/api/v1/co-design/processes/{counted_of(w).slug}/result/", public()),
    Row("an unpublished co-design result (API)",
        lambda w: f"/api/v1/co-design/processes/{process_of(w).slug}/result/", expect(NF)),
]
