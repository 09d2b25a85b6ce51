"""Moderation beyond hiding: officers show again what they hid by mistake, residents report ideas, proposals and
comments, and officers work through the queue of reports (hiding upholds them, or they are dismissed). Through the
services and the real views: happy paths, bad input, and the people who may not (404 for missing and forbidden)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from services.codesign.models import Comment, Contribution, Report, ReportStatus
from services.codesign.selectors import open_reports_count, reported_items
from services.codesign.services import (
    comment_hide,
    comment_post,
    comment_restore,
    contribution_hide,
    contribution_restore,
    report_submit,
    reports_dismiss,
)

from .factories import ContributionFactory, ProcessFactory, phases_around

pytestmark = pytest.mark.django_db


def url(name, process, *args):
    return reverse(f"services:codesign-{name}", args=[process.slug, *args])


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace("&#x27;", "'")


@pytest.fixture
def ideas(service):
    process = ProcessFactory(service=service)
    phases_around(process, "ideas")
    return process


@pytest.fixture
def idea(ideas, resident):
    return ContributionFactory(process=ideas, kind="idea", author=resident, title="Paint the wall")


@pytest.fixture
def neighbour(town):
    return town.resident(full_name="Ben Okafor")


# Restoring what was hidden by mistake ----------------------------------------------------------------------------

def test_an_officer_restores_a_hidden_idea_and_comment_with_a_reason(idea, resident, officer):
    comment = comment_post(actor=resident, contribution=idea, body="Kind words")
    contribution_hide(actor=officer, contribution=idea, reason="Looked like spam")
    comment_hide(actor=officer, comment=comment, reason="Misread")
    contribution_restore(actor=officer, contribution=idea, reason="Hidden by mistake")
    comment_restore(actor=officer, comment=comment, reason="It was fine")
    idea.refresh_from_db()
    comment.refresh_from_db()
    assert not idea.is_hidden and (idea.hidden_by, idea.hidden_reason) == (None, "")
    assert not comment.is_hidden and comment.body == "Kind words"
    restored = AuditEntry.objects.get(action="services_codesign.contribution_restored")
    assert restored.metadata["reason"] == "Hidden by mistake"
    assert restored.metadata["hidden_reason"] == "Looked like spam"
    assert restored.metadata["hidden_by"] == officer.pk
    assert AuditEntry.objects.get(action="services_codesign.comment_restored").metadata["hidden_reason"] == "Misread"
    told = Delivery.objects.filter(event="services_codesign.restored", recipient=resident, channel="email")
    assert sorted(d.subject for d in told) == ["The council is showing your comment on “Paint the wall” again",
                                               "The council is showing your idea “Paint the wall” again"]
    # Hidden again, the author hears again: each hide is told once.
    contribution_hide(actor=officer, contribution=idea, reason="Now it really is spam")
    assert Delivery.objects.filter(event="services_codesign.hidden", recipient=resident, channel="email",
                                   subject__contains="your idea").count() == 2


def test_restoring_needs_a_reason_and_something_hidden_and_saves_nothing_otherwise(idea, officer):
    with pytest.raises(ValidationError, match="It is not hidden"):
        contribution_restore(actor=officer, contribution=idea, reason="Why not")
    contribution_hide(actor=officer, contribution=idea, reason="Spam")
    with pytest.raises(ValidationError) as error:
        contribution_restore(actor=officer, contribution=idea, reason="  ")
    assert error.value.message_dict["reason"] == ["Enter why the council is showing it again"]
    with pytest.raises(ValidationError) as error:
        contribution_restore(actor=officer, contribution=idea, reason="x" * 1001)
    assert error.value.message_dict["reason"] == ["Enter 1,000 characters or fewer"]
    idea.refresh_from_db()
    assert idea.hidden_reason == "Spam"
    assert not AuditEntry.objects.filter(action="services_codesign.contribution_restored").exists()


def test_only_the_councils_officers_restore(idea, resident, other_officer, officer):
    comment = comment_post(actor=resident, contribution=idea, body="Words")
    contribution_hide(actor=officer, contribution=idea, reason="Spam")
    comment_hide(actor=officer, comment=comment, reason="Spam")
    for person in (resident, other_officer):
        with pytest.raises(PermissionDenied):
            contribution_restore(actor=person, contribution=idea, reason="No")
        with pytest.raises(PermissionDenied):
            comment_restore(actor=person, comment=comment, reason="No")
    assert Contribution.objects.get().is_hidden and Comment.objects.get().is_hidden


def test_restoring_from_the_pages(client, idea, resident, officer, other_officer):
    comment = comment_post(actor=resident, contribution=idea, body="Kind words")
    contribution_hide(actor=officer, contribution=idea, reason="Looked like spam")
    comment_hide(actor=officer, comment=comment, reason="Misread")
    process = idea.process
    client.force_login(officer)
    moderation = client.get(url("moderation", process)).content.decode()
    assert url("restore-idea", process, idea.pk) in moderation
    assert url("restore-comment", process, comment.pk) in moderation
    assert url("restore-idea", process, idea.pk) in client.get(url("idea", process, idea.pk)).content.decode()
    page = client.get(url("restore-idea", process, idea.pk))
    assert "It was hidden on" in text_of(page) and "Looked like spam" in text_of(page)
    empty = client.post(url("restore-idea", process, idea.pk), {"reason": ""})
    assert empty.status_code == 400 and "Enter why the council is showing it again" in text_of(empty)
    done = client.post(url("restore-idea", process, idea.pk), {"reason": "Hidden by mistake"})
    assert done.status_code == 302 and done.url == url("moderation", process)
    client.post(url("restore-comment", process, comment.pk), {"reason": "Fine"})
    assert not Contribution.objects.get().is_hidden and not Comment.objects.get().is_hidden
    again = client.post(url("restore-idea", process, idea.pk), {"reason": "Again"})
    assert again.status_code == 400 and "It is not hidden" in text_of(again)
    # A proposal's address does not restore an idea; other councils' officers and residents get 404.
    assert client.get(url("restore-proposal", process, idea.pk)).status_code == 404
    assert client.get(url("restore-comment", process, 999999)).status_code == 404
    for person in (other_officer, resident):
        client.force_login(person)
        assert client.get(url("restore-idea", process, idea.pk)).status_code == 404
        assert client.post(url("restore-comment", process, comment.pk), {"reason": "x"}).status_code == 404


# Reporting -------------------------------------------------------------------------------------------------------

def test_a_resident_reports_an_idea_and_a_comment_once_each(idea, resident, neighbour):
    comment = comment_post(actor=resident, contribution=idea, body="Rude words")
    report = report_submit(actor=neighbour, target=idea, reason="spam", details="  Selling things ")
    assert (report.process, report.comment, report.details, report.status) == (idea.process, None, "Selling things",
                                                                               ReportStatus.OPEN)
    report_submit(actor=neighbour, target=comment, reason="offensive")
    with pytest.raises(ValidationError, match="You have reported this already"):
        report_submit(actor=neighbour, target=idea, reason="offensive")
    with pytest.raises(ValidationError, match="You have reported this already"):
        report_submit(actor=neighbour, target=comment, reason="spam")
    assert Report.objects.count() == 2
    entry = AuditEntry.objects.filter(action="services_codesign.reported").first()
    assert entry.actor == neighbour and entry.metadata["reason"] in ("spam", "offensive")


def test_the_councils_officers_hear_of_an_items_first_report_only(idea, resident, neighbour, officer, other_officer,
                                                                   town):
    report_submit(actor=neighbour, target=idea, reason="spam")
    report_submit(actor=town.resident(), target=idea, reason="offensive")
    told = Delivery.objects.filter(event="services_codesign.reported", channel="email")
    assert list(told.values_list("recipient_id", flat=True)) == [officer.pk]
    delivery = told.get()
    assert delivery.url == url("reports", idea.process)
    assert "the idea “Paint the wall”" in delivery.subject and "Spam" in delivery.body
    # A comment is an item of its own: its first report tells them again.
    comment = comment_post(actor=resident, contribution=idea, body="Rude words")
    report_submit(actor=neighbour, target=comment, reason="offensive")
    assert told.count() == 2


@pytest.mark.parametrize(("reason", "details", "field", "message"), [
    ("", "", "reason", "Choose why you are reporting it"),
    ("rude", "", "reason", "Choose why you are reporting it"),
    ("other", " ", "details", "Say what is wrong with it"),
    ("spam", "x" * 1001, "details", "Enter 1,000 characters or fewer"),
])
def test_bad_reports_are_refused_and_save_nothing(idea, neighbour, reason, details, field, message):
    with pytest.raises(ValidationError) as error:
        report_submit(actor=neighbour, target=idea, reason=reason, details=details)
    assert error.value.message_dict[field] == [message]
    assert not Report.objects.exists()
    assert not AuditEntry.objects.filter(action="services_codesign.reported").exists()


def test_what_cannot_be_reported(idea, resident, neighbour, officer, service):
    from tests.accounts.factories import UserFactory

    with pytest.raises(ValidationError, match="You wrote this"):
        report_submit(actor=resident, target=idea, reason="spam")
    contribution_hide(actor=officer, contribution=idea, reason="Spam")
    with pytest.raises(ValidationError, match="hidden this already"):
        report_submit(actor=neighbour, target=idea, reason="spam")
    # Signed out, or without a confirmed email, or in a draft: not at all.
    unconfirmed = UserFactory(verified=False)
    draft = ProcessFactory(service=service, status="draft", published_at=None)
    drafted = ContributionFactory(process=draft, kind="idea")
    for person, target in ((None, ContributionFactory(process=idea.process, kind="idea")),
                           (unconfirmed, ContributionFactory(process=idea.process, kind="idea")),
                           (neighbour, drafted)):
        with pytest.raises(PermissionDenied):
            report_submit(actor=person, target=target, reason="spam")
    assert not Report.objects.exists()


def test_hiding_upholds_the_open_reports_and_tells_the_reporters(idea, resident, neighbour, officer, town):
    third = town.resident(full_name="Cara Jones")
    comment = comment_post(actor=resident, contribution=idea, body="Rude words")
    report_submit(actor=neighbour, target=idea, reason="spam")
    report_submit(actor=third, target=idea, reason="off_topic", details="Not about youth services")
    report_submit(actor=neighbour, target=comment, reason="offensive")
    assert open_reports_count(idea.process) == 2
    contribution_hide(actor=officer, contribution=idea, reason="Advertising")
    upheld = Report.objects.filter(comment__isnull=True)
    assert {(r.status, r.closed_by, r.closed_reason) for r in upheld} == {
        (ReportStatus.UPHELD, officer, "Advertising")}
    assert Report.objects.get(comment=comment).status == ReportStatus.OPEN
    assert AuditEntry.objects.get(action="services_codesign.contribution_hidden").metadata["reports_upheld"] == 2
    told = Delivery.objects.filter(event="services_codesign.report_closed", channel="email")
    assert {d.recipient for d in told} == {neighbour, third}
    assert told.first().subject == "The council has hidden the idea “Paint the wall” that you reported"
    # Once closed, the same person may report it again if it comes back.
    contribution_restore(actor=officer, contribution=idea, reason="Mistake")
    report_submit(actor=neighbour, target=idea, reason="spam")


def test_dismissing_closes_the_reports_with_a_reason(idea, resident, neighbour, officer, other_officer):
    report_submit(actor=neighbour, target=idea, reason="spam")
    with pytest.raises(ValidationError) as error:
        reports_dismiss(actor=officer, target=idea, reason=" ")
    assert error.value.message_dict["reason"] == ["Enter why the reports are dismissed"]
    for person in (resident, other_officer):
        with pytest.raises(PermissionDenied):
            reports_dismiss(actor=person, target=idea, reason="Fine")
    assert Report.objects.get().status == ReportStatus.OPEN
    assert reports_dismiss(actor=officer, target=idea, reason="It is about the service") == 1
    report = Report.objects.get()
    assert (report.status, report.closed_reason) == (ReportStatus.DISMISSED, "It is about the service")
    assert not Contribution.objects.get().is_hidden
    entry = AuditEntry.objects.get(action="services_codesign.reports_dismissed")
    assert entry.metadata["reason"] == "It is about the service" and entry.metadata["reports"] == [report.pk]
    told = Delivery.objects.get(event="services_codesign.report_closed", recipient=neighbour, channel="email")
    assert "does not break the rules" in told.body
    with pytest.raises(ValidationError, match="no reports of it waiting"):
        reports_dismiss(actor=officer, target=idea, reason="Again")


def test_the_queue_counts_reports_and_reasons_most_reported_first(idea, resident, neighbour, town,
                                                                  django_assert_max_num_queries):
    third = town.resident(full_name="Cara Jones")
    other = ContributionFactory(process=idea.process, kind="proposal", title="Other", author=resident)
    comment = comment_post(actor=resident, contribution=idea, body="Rude words")
    report_submit(actor=neighbour, target=other, reason="spam")
    report_submit(actor=neighbour, target=comment, reason="offensive", details="Insults Ben")
    report_submit(actor=third, target=comment, reason="offensive")
    with django_assert_max_num_queries(3):
        items = reported_items(idea.process)
    assert [(item.what, item.count) for item in items] == [("comment", 2), ("proposal", 1)]
    assert items[0].reasons == [("Offensive, abusive or hateful", 2)]
    assert items[0].details == ["Insults Ben"]
    assert items[0].comment.contribution == idea


def test_reporting_and_the_queue_through_the_pages(client, idea, resident, neighbour, officer, other_officer):
    process = idea.process
    comment = comment_post(actor=resident, contribution=idea, body="Rude words")
    client.force_login(neighbour)
    page = client.get(url("idea", process, idea.pk)).content.decode()
    assert url("idea-report", process, idea.pk) in page
    assert url("idea-comment-report", process, idea.pk, comment.pk) in page
    bad = client.post(url("idea-report", process, idea.pk), {"reason": "other", "details": ""})
    assert bad.status_code == 400 and "Say what is wrong with it" in text_of(bad)
    missing = client.post(url("idea-report", process, idea.pk), {"details": "Hmm"})
    assert missing.status_code == 400 and "Choose why you are reporting it" in text_of(missing)
    sent = client.post(url("idea-report", process, idea.pk), {"reason": "spam", "details": "Selling things"})
    assert sent.status_code == 302 and sent.url == url("idea", process, idea.pk)
    assert "You have reported this" in text_of(client.get(url("idea", process, idea.pk)))
    twice = client.post(url("idea-report", process, idea.pk), {"reason": "spam"})
    assert twice.status_code == 400 and "You have reported this already" in text_of(twice)
    client.post(url("idea-comment-report", process, idea.pk, comment.pk), {"reason": "offensive"})
    assert Report.objects.count() == 2
    # The author is not offered the link to report their own idea; a proposal's address does not reach an idea.
    client.force_login(resident)
    assert url("idea-report", process, idea.pk) not in client.get(url("idea", process, idea.pk)).content.decode()
    assert client.get(url("proposal-report", process, idea.pk)).status_code == 404
    # The officer's queue, from the process's page and moderation.
    client.force_login(officer)
    assert "2 reported items waiting" in text_of(client.get(url("manage", process)))
    queue = text_of(client.get(url("reports", process)))
    assert "Selling things" in queue and "Spam, advertising or a scam: 1" in queue and "Rude words" in queue
    hidden = client.post(url("hide-comment", process, comment.pk) + "?from=reports", {"reason": "Abusive"})
    assert hidden.url == url("reports", process)
    empty = client.post(url("dismiss-idea", process, idea.pk), {"reason": ""})
    assert empty.status_code == 400 and "Enter why the reports are dismissed" in text_of(empty)
    client.post(url("dismiss-idea", process, idea.pk), {"reason": "Not spam"})
    assert "No reports are waiting" in text_of(client.get(url("reports", process)))
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.UPHELD, ReportStatus.DISMISSED}
    # Nobody else reaches the queue or dismisses.
    for person in (other_officer, resident):
        client.force_login(person)
        assert client.get(url("reports", process)).status_code == 404
        assert client.post(url("dismiss-idea", process, idea.pk), {"reason": "x"}).status_code == 404
    client.logout()
    assert client.get(url("idea-report", process, idea.pk)).status_code == 302
    assert client.get(url("idea-report", process, 999999)).status_code == 302


def test_a_draft_process_cannot_be_reported_from_its_pages(client, service, neighbour):
    draft = ProcessFactory(service=service, status="draft", published_at=None)
    made = ContributionFactory(process=draft, kind="idea")
    client.force_login(neighbour)
    assert client.get(url("idea-report", draft, made.pk)).status_code == 404
    assert client.post(url("idea-report", draft, made.pk), {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()
