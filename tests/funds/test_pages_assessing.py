"""The assessors' and administrators' pages on applications, through the real views: the round's queue and
ranking, the case page, assigning assessors, declaring interests, scoring, moderating, the panel's
recommendation, approving and rejecting, the second approval; bad input in every form (nothing saved), separation
of duties said clearly, and the 404 (or sign-in) for everyone who may not."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from covenant.audit.models import AuditEntry
from funds import services
from funds.models import (
    ApplicationStatus,
    AssessorAssignment,
    ConflictDeclaration,
    Decision,
    Moderation,
    Recommendation,
    Score,
)
from tests.accounts.factories import UserFactory

from .factories import (
    FundFactory,
    administrator_of,
    assessed,
    assessor_of,
    recommended,
    submitted,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"funds:{name}", args=args)


def html_of(response) -> str:
    return response.content.decode()


def refused(action: str) -> int:
    return AuditEntry.objects.filter(action=f"funds.{action}_refused").count()


@pytest.fixture
def application(round_):
    application, _applicant = submitted(round_)
    return application


@pytest.fixture
def outsider(db):
    """A fund administrator of another fund."""
    return administrator_of(FundFactory())


# The round's queue and ranking ---------------------------------------------------------------------------------

def test_the_round_queue_shows_status_amount_rating_decile_and_score(client, round_, admin, assessor):
    first, _applicant = submitted(round_, amount="6000")
    assessed(first, admin, [assessor], score=3)
    second, _applicant = submitted(round_, amount="7000")
    client.force_login(admin)
    response = client.get(url("manage-round-applications", round_.pk))
    html = html_of(response)
    assert response.status_code == 200
    first_link, second_link = url("manage-application", first.pk), url("manage-application", second.pk)
    assert first_link in html and second_link in html
    assert "£6,000" in html and "£7,000" in html and ".00" not in html.split("£6,000", 1)[1][:3]
    assert "In assessment" in html and "Submitted" in html
    # Each organisation registered today (A2), and the second has the first's project name (A1): amber, then red.
    assert "govuk-tag--orange" in html and "govuk-tag--red" in html
    assert ">2<" in html  # the IMD decile of the factories' places
    assert "3.00" in html and "Not scored" in html

    response = client.get(url("manage-round-applications", round_.pk), {"status": "submitted"})
    assert second_link in html_of(response) and first_link not in html_of(response)
    response = client.get(url("manage-round-applications", round_.pk), {"status": "nonsense"})
    assert response.status_code == 200 and "Choose a status from the list" in html_of(response)


def test_the_fast_track_decision_target_is_the_queues_deadline(client, fund, admin):
    from .factories import funded, open_round

    funded(fund, admin)
    fast = open_round(fund, admin, fast_track=True, max_amount="10000")
    application, _applicant = submitted(fast)
    client.force_login(admin)
    html = html_of(client.get(url("manage-round-applications", fast.pk)))
    assert "Fast-track decision" in html and url("manage-application", application.pk) in html


def test_the_ranking_marks_what_fits_in_the_budget(client, fund, admin, assessor):
    from .factories import funded, open_round

    funded(fund, admin)
    small = open_round(fund, admin, budget="10000")
    best, _ = submitted(small, amount="8000")
    assessed(best, admin, [assessor], score=5)
    other, _ = submitted(small, amount="5000")
    assessed(other, admin, [assessor_of(fund)], score=2)
    client.force_login(admin)
    response = client.get(url("manage-round-ranking", small.pk))
    html = html_of(response)
    assert response.status_code == 200
    assert html.index(url("manage-application", best.pk)) < html.index(url("manage-application", other.pk))
    assert html.count("Within budget") == 1 and html.count("Over budget") == 1


@pytest.mark.parametrize("name", ["manage-round-applications", "manage-round-ranking"])
def test_the_round_pages_are_404_to_all_but_its_administrators(client, round_, outsider, application, name):
    path = url(name, round_.pk)
    assert client.get(path).url.startswith(reverse("account_login"))
    for person in (outsider, application.created_by, UserFactory()):
        client.force_login(person)
        assert client.get(path).status_code == 404
    client.force_login(outsider)
    assert client.get(url(name, 999999)).status_code == 404


# The case page -------------------------------------------------------------------------------------------------

def test_the_case_page_shows_the_application_due_diligence_masked_bank_details_and_audit(client, admin, application):
    client.force_login(admin)
    response = client.get(url("manage-application", application.pk))
    html = html_of(response)
    assert response.status_code == 200
    assert application.title in html and application.organisation.name in html
    assert "A great deal." in html  # the answer
    assert "Heating" in html  # the budget line
    assert "A2" in html and "Amber" in html  # a due-diligence finding and the rating
    assert "••-••-30" in html and "••••3445" in html
    assert "00733445" not in html and "30-94-30" not in html
    assert "funds.application_submitted" in html  # the audit trail


def test_a_cleared_assessor_sees_the_application_and_due_diligence_but_not_bank_details_or_audit(
        client, admin, assessor, application):
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    client.force_login(assessor)
    # Not yet declared: nothing of it.
    assert client.get(url("manage-application", application.pk)).status_code == 404
    services.conflict_declare(actor=assessor, application=application, has_conflict=False)
    html = html_of(client.get(url("manage-application", application.pk)))
    assert "A great deal." in html and "A2" in html
    assert "••••3445" not in html and "Audit trail" not in html
    assert url("assess-score", application.pk) in html


def test_the_case_page_is_404_to_the_applicant_other_funds_and_residents(client, application, outsider):
    path = url("manage-application", application.pk)
    assert client.get(path).url.startswith(reverse("account_login"))
    for person in (application.created_by, outsider, UserFactory()):
        client.force_login(person)
        assert client.get(path).status_code == 404
    client.force_login(outsider)
    assert client.get(url("manage-application", 999999)).status_code == 404


# Assigning and declaring ---------------------------------------------------------------------------------------

def test_an_administrator_assigns_an_assessor(client, admin, assessor, application):
    client.force_login(admin)
    response = client.get(url("manage-assign", application.pk))
    assert response.status_code == 200 and f'value="{assessor.pk}"' in html_of(response)
    response = client.post(url("manage-assign", application.pk), {})
    assert "Choose an assessor of" in html_of(response)
    assert not AssessorAssignment.objects.exists()
    stranger = UserFactory()
    response = client.post(url("manage-assign", application.pk), {"assessor": stranger.pk})
    assert "Choose an assessor of" in html_of(response)
    response = client.post(url("manage-assign", application.pk), {"assessor": assessor.pk})
    assert response.status_code == 302 and response.url.endswith("#assessment")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_ASSESSMENT
    assert AssessorAssignment.objects.get().assessor == assessor
    assert AuditEntry.objects.filter(action="funds.assessor_assigned").exists()
    # Once assigned, they are no longer offered.
    assert f'value="{assessor.pk}"' not in html_of(client.get(url("manage-assign", application.pk)))


def test_assigning_is_404_to_assessors_applicants_and_other_funds(client, assessor, application, outsider):
    for person in (assessor, application.created_by, outsider):
        client.force_login(person)
        assert client.get(url("manage-assign", application.pk)).status_code == 404
        assert client.post(url("manage-assign", application.pk), {"assessor": person.pk}).status_code == 404
    assert not AssessorAssignment.objects.exists()


def test_an_assessor_declares_no_conflict_then_scores(client, admin, assessor, application):
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    client.force_login(assessor)
    queue = html_of(client.get(url("assess")))
    assert url("assess-declare", application.pk) in queue
    # Before declaring: the scoring page is not theirs.
    assert client.get(url("assess-score", application.pk)).status_code == 404
    response = client.get(url("assess-declare", application.pk))
    assert response.status_code == 200 and application.organisation.name in html_of(response)
    assert "A great deal." not in html_of(response)  # nothing of the application's content yet
    response = client.post(url("assess-declare", application.pk), {})
    assert "Select yes if you have a conflict of interest" in html_of(response)
    response = client.post(url("assess-declare", application.pk), {"has_conflict": "no"})
    assert response.status_code == 302 and response.url == url("assess-score", application.pk)
    assert ConflictDeclaration.objects.get().has_conflict is False
    # Declared once: the page is gone.
    assert client.get(url("assess-declare", application.pk)).status_code == 404


def test_a_declared_conflict_removes_the_assessor_and_leaves_a_record(client, admin, assessor, application):
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    client.force_login(assessor)
    response = client.post(url("assess-declare", application.pk), {"has_conflict": "yes", "details": ""})
    assert "Describe your conflict of interest" in html_of(response)
    assert not ConflictDeclaration.objects.exists()
    response = client.post(url("assess-declare", application.pk),
                           {"has_conflict": "yes", "details": "I am a trustee of the applicant."})
    assert response.status_code == 302 and response.url == url("assess")
    assignment = AssessorAssignment.objects.get()
    assert assignment.removed_at is not None
    assert client.get(url("manage-application", application.pk)).status_code == 404
    assert client.get(url("assess-score", application.pk)).status_code == 404
    client.force_login(admin)
    html = html_of(client.get(url("manage-application", application.pk)))
    assert "Conflict of interest: removed" in html and "I am a trustee of the applicant." in html
    # They cannot be assigned again.
    assert f'value="{assessor.pk}"' not in html_of(client.get(url("manage-assign", application.pk)))


def test_the_declaration_page_is_404_to_anyone_not_assigned(client, admin, application, assessor2):
    for person in (admin, assessor2, application.created_by):
        client.force_login(person)
        assert client.get(url("assess-declare", application.pk)).status_code == 404


def test_the_assessors_queue_is_for_assessors_and_administrators(client, admin, assessor):
    assert client.get(url("assess")).url.startswith(reverse("account_login"))
    client.force_login(UserFactory())
    assert client.get(url("assess")).status_code == 404
    for person in (admin, assessor):
        client.force_login(person)
        assert client.get(url("assess")).status_code == 200


# Scoring -------------------------------------------------------------------------------------------------------

@pytest.fixture
def cleared(admin, assessor, application):
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    services.conflict_declare(actor=assessor, application=application, has_conflict=False)
    return application


def _scores(application, values: dict) -> dict:
    data = {}
    for criterion in application.round.criteria.all():
        score, comment = values.get(criterion.name, ("", ""))
        data[f"criterion-{criterion.pk}-score"] = score
        data[f"criterion-{criterion.pk}-comment"] = comment
    return data


def test_scores_outside_0_to_5_are_refused_and_nothing_is_saved(client, assessor, cleared):
    client.force_login(assessor)
    path = url("assess-score", cleared.pk)
    assert client.get(path).status_code == 200
    response = client.post(path, _scores(cleared, {"Need": ("7", "Great"), "Delivery": ("-1", "Weak")}))
    html = html_of(response)
    assert "Enter a score for Need from 0 to 5" in html and "Enter a score for Delivery from 0 to 5" in html
    response = client.post(path, _scores(cleared, {"Need": ("4", ""), "Delivery": ("2.5", "Hmm")}))
    html = html_of(response)
    assert "Enter a comment explaining your score for Need" in html
    assert "Enter a score for Delivery from 0 to 5" in html
    response = client.post(path, _scores(cleared, {}))
    assert "Score at least one criterion" in html_of(response)
    assert not Score.objects.exists()
    assert refused("scores_record") == 3


def test_an_assessor_saves_scores_in_parts(client, assessor, cleared):
    client.force_login(assessor)
    path = url("assess-score", cleared.pk)
    response = client.post(path, _scores(cleared, {"Need": ("4", "Clear need.")}))
    assert response.status_code == 302
    assert Score.objects.get().score == 4
    response = client.post(path, _scores(cleared, {"Need": ("5", "Clearer."), "Delivery": ("3", "Fair.")}))
    assert response.status_code == 302
    assert sorted(Score.objects.values_list("score", flat=True)) == [3, 5]
    # The page shows what they gave.
    html = " ".join(html_of(client.get(path)).split())
    assert re.search(r'name="criterion-\d+-score"[^>]*value="5" checked="checked"', html)
    assert "Clearer." in html


def test_scoring_is_404_to_administrators_and_other_assessors(client, admin, assessor2, cleared):
    for person in (admin, assessor2, cleared.created_by):
        client.force_login(person)
        assert client.post(url("assess-score", cleared.pk), _scores(cleared, {"Need": ("3", "x")})).status_code == 404
    assert not Score.objects.exists()


# Moderation and the panel --------------------------------------------------------------------------------------

def test_moderation_refuses_out_of_scale_scores_and_records_a_good_one(client, admin2, admin, assessor, application):
    assessed(application, admin, [assessor], score=2)
    criterion = application.round.criteria.get(name="Need")
    client.force_login(admin2)
    path = url("manage-moderate", application.pk, criterion.pk)
    assert client.get(path).status_code == 200
    response = client.post(path, {"score": "6", "reason": ""})
    html = html_of(response)
    assert "Enter a score from 0 to 5, with up to 2 decimal places" in html
    assert "Enter the reason for the moderated score" in html
    assert not Moderation.objects.exists()
    response = client.post(path, {"score": "3.5", "reason": "Agreed at panel."})
    assert response.status_code == 302
    assert Moderation.objects.get().score == Decimal("3.50")
    html = html_of(client.get(url("manage-application", application.pk)))
    assert "3.50" in html
    assert client.get(url("manage-moderate", application.pk, 999999)).status_code == 404


def test_an_administrator_who_assessed_cannot_moderate_and_is_told_why(client, admin, admin2, application):
    assessed(application, admin, [admin2], score=4)
    criterion = application.round.criteria.first()
    client.force_login(admin2)
    path = url("manage-moderate", application.pk, criterion.pk)
    assert "You assessed this application, so you cannot moderate it" in html_of(client.get(path))
    response = client.post(path, {"score": "3", "reason": "Agreed."})
    assert "You assessed this application, so you cannot moderate it" in html_of(response)
    assert not Moderation.objects.exists()


def test_the_panel_recommends_once_scored(client, admin, assessor, application):
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    client.force_login(admin)
    path = url("manage-recommend", application.pk)
    response = client.post(path, {"recommended": "yes", "notes": "Strong", "amount": ""})
    assert "At least one assessor must score every criterion before the panel recommends" in html_of(response)
    services.conflict_declare(actor=assessor, application=application, has_conflict=False)
    services.scores_record(actor=assessor, application=application, scores=[
        {"criterion": c, "score": 4, "comment": "Good"} for c in application.round.criteria.all()])
    response = client.post(path, {"recommended": "", "notes": "", "amount": "999999"})
    html = html_of(response)
    assert "Select whether the panel recommends the application" in html
    assert "Enter the panel&#x27;s reasons" in html
    response = client.post(path, {"recommended": "yes", "notes": "Strong need.", "amount": "9000"})
    assert "The panel cannot suggest more than the £5,000 asked for" in html_of(response)
    assert not Recommendation.objects.exists()
    response = client.post(path, {"recommended": "yes", "notes": "Strong need.", "amount": "4000"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECOMMENDED
    assert Recommendation.objects.get().amount == Decimal("4000")
    # The approval page suggests the panel's amount.
    assert 'value="4000.00"' in html_of(client.get(url("manage-approve", application.pk)))


# Deciding ------------------------------------------------------------------------------------------------------

@pytest.fixture
def ready(round_, admin, assessor):
    """An application of £5,000 the panel recommends (scored by `assessor`, recommended by `admin`)."""
    application, _applicant = recommended(round_, admin, assessor)
    return application


def test_approving_needs_reasons_and_an_amount_within_the_request(client, admin, ready):
    client.force_login(admin)
    path = url("manage-approve", ready.pk)
    assert client.get(path).status_code == 200
    response = client.post(path, {"amount": "6000", "reasons": "", "conditions": ""})
    html = html_of(response)
    assert "Enter the reasons for the decision, which the applicant will see" in html
    assert "You cannot award more than the £5,000 asked for" in html
    response = client.post(path, {"amount": "lots", "reasons": "Good"})
    assert "Enter the amount awarded in pounds, like 1250 or 1250.50" in html_of(response)
    ready.refresh_from_db()
    assert ready.status == ApplicationStatus.RECOMMENDED and not Decision.objects.exists()
    assert refused("application_approve") == 2


def test_a_reduced_award_with_conditions_is_approved_at_once_under_the_threshold(client, admin, ready):
    client.force_login(admin)
    response = client.post(url("manage-approve", ready.pk), {
        "amount": "4000", "reasons": "Strong need; the venue costs less.", "conditions": "Send the lease."})
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == ApplicationStatus.APPROVED and ready.amount_awarded == Decimal("4000")
    decision = Decision.objects.get()
    assert decision.conditions == "Send the lease." and not decision.needs_second_approval
    html = html_of(client.get(url("manage-application", ready.pk)))
    assert re.search(r"Approved for £4,000(?![.\d])", html) and "Send the lease." in html


def test_someone_who_assessed_cannot_approve_and_the_page_says_why(client, round_, admin, admin2):
    application, _applicant = recommended(round_, admin, admin2)
    client.force_login(admin2)
    path = url("manage-approve", application.pk)
    message = "You assessed this application, so you cannot decide it"
    assert message in html_of(client.get(path))
    response = client.post(path, {"amount": "5000", "reasons": "Good"})
    assert response.status_code == 200 and message in html_of(response)
    response = client.post(url("manage-reject", application.pk), {"reasons": "No"})
    assert message in html_of(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECOMMENDED and not Decision.objects.exists()


def test_someone_who_declared_a_conflict_cannot_decide(client, round_, admin, admin2, assessor):
    application, _applicant = submitted(round_)
    services.assessor_assign(actor=admin, application=application, assessor=admin2)
    services.conflict_declare(actor=admin2, application=application, has_conflict=True, details="My sister")
    assessed(application, admin, [assessor])
    services.application_recommend(actor=admin, application=application, recommended=True, notes="Good")
    client.force_login(admin2)
    response = client.post(url("manage-approve", application.pk), {"amount": "5000", "reasons": "Good"})
    assert "You declared a conflict of interest with this application, so you cannot decide it" in html_of(response)
    assert not Decision.objects.exists()


def test_rejecting_needs_reasons(client, admin, ready):
    client.force_login(admin)
    path = url("manage-reject", ready.pk)
    response = client.post(path, {"reasons": "  "})
    assert "Enter the reasons for the decision, which the applicant will see" in html_of(response)
    ready.refresh_from_db()
    assert ready.status == ApplicationStatus.RECOMMENDED
    response = client.post(path, {"reasons": "Outside the round's aims."})
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == ApplicationStatus.REJECTED
    assert Decision.objects.get().reasons == "Outside the round's aims."
    # Decided once: the page refuses again, clearly.
    response = client.post(path, {"reasons": "Again"})
    assert "An application can be decided only after the panel&#x27;s recommendation" in html_of(response)


def test_decision_pages_are_404_to_assessors_applicants_and_other_funds(client, ready, assessor, outsider):
    for person in (assessor, ready.created_by, outsider, UserFactory()):
        client.force_login(person)
        for name in ("manage-approve", "manage-reject", "manage-recommend"):
            assert client.get(url(name, ready.pk)).status_code == 404
        assert client.post(url("manage-approve", ready.pk), {"amount": "5000", "reasons": "x"}).status_code == 404
    ready.refresh_from_db()
    assert ready.status == ApplicationStatus.RECOMMENDED


# Second approval -----------------------------------------------------------------------------------------------

@pytest.fixture
def large(round_, admin, assessor):
    """An award of £60,000 approved by `admin`, waiting for a second approval."""
    application, _applicant = recommended(round_, admin, assessor, amount="60000")
    services.application_approve(actor=admin, application=application, amount="60000", reasons="Transformative")
    application.refresh_from_db()
    return application


def test_a_large_award_waits_for_a_second_approval(client, round_, admin, assessor):
    application, _applicant = recommended(round_, admin, assessor, amount="60000")
    client.force_login(admin)
    response = client.post(url("manage-approve", application.pk), {"amount": "60000", "reasons": "Transformative"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_SECOND_APPROVAL
    html = html_of(client.get(url("manage-application", application.pk)))
    assert "waiting for a second administrator" in html


def test_the_same_administrator_cannot_give_the_second_approval(client, admin, large):
    client.force_login(admin)
    path = url("manage-second-approval", large.pk)
    assert "You approved this award first" in html_of(client.get(path))
    response = client.post(path, {})
    assert "A different administrator must give the second approval: you approved it first" in html_of(response)
    response = client.post(url("manage-second-approval-return", large.pk), {"reason": "Hmm"})
    assert "A different administrator must review the approval: you approved it first" in html_of(response)
    large.refresh_from_db()
    assert large.status == ApplicationStatus.AWAITING_SECOND_APPROVAL
    assert refused("decision_confirm") == 1 and refused("decision_return") == 1


def test_a_second_administrator_confirms(client, admin2, large):
    client.force_login(admin2)
    queue = html_of(client.get(url("assess")))
    assert url("manage-second-approval", large.pk) in queue
    response = client.post(url("manage-second-approval", large.pk), {})
    assert response.status_code == 302
    large.refresh_from_db()
    assert large.status == ApplicationStatus.APPROVED
    assert Decision.objects.get().confirmed_by == admin2
    # Nothing is waiting now.
    assert client.get(url("manage-second-approval", large.pk)).status_code == 404


def test_a_second_administrator_sends_it_back_with_a_reason(client, admin2, large):
    client.force_login(admin2)
    path = url("manage-second-approval-return", large.pk)
    response = client.post(path, {"reason": ""})
    assert "Enter why you are sending the approval back" in html_of(response)
    response = client.post(path, {"reason": "The budget needs checking."})
    assert response.status_code == 302
    large.refresh_from_db()
    assert large.status == ApplicationStatus.RECOMMENDED and large.amount_awarded is None
    assert "The budget needs checking." in html_of(client.get(url("manage-application", large.pk)))


def test_second_approval_is_404_to_others(client, large, assessor, outsider, finance):
    for person in (assessor, large.created_by, outsider, finance):
        client.force_login(person)
        assert client.post(url("manage-second-approval", large.pk), {}).status_code == 404
    large.refresh_from_db()
    assert large.status == ApplicationStatus.AWAITING_SECOND_APPROVAL



def test_more_applications_in_the_queue_cost_no_more_queries(client, round_, admin, assessor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("manage-round-applications", round_.pk)).status_code == 200
        return len(queries)

    client.force_login(admin)
    assessed(submitted(round_)[0], admin, [assessor])
    few = count()
    for _ in range(3):
        assessed(submitted(round_)[0], admin, [assessor_of(round_.programme.fund)])
    assert count() == few


def test_uploaded_files_download_for_administrators_and_cleared_assessors_only(client, round_, admin, assessor,
                                                                               outsider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from funds.models import Question

    from .factories import draft

    application, applicant = draft(round_)
    # The round is published, so its questions are fixed: the file question is added as its administrators would
    # have before publishing.
    file_question = Question.objects.create(round=round_, key="accounts", label="Your accounts", kind="file",
                                            allowed_types=["pdf"], max_file_bytes=4096, required=False)
    answer = services.answer_upload(actor=applicant, application=application, question=file_question,
                                    upload=SimpleUploadedFile("accounts.pdf", b"%PDF-1.4 accounts"))
    services.application_submit(actor=applicant, application=application)
    path = url("manage-answer-file", application.pk, answer.pk)
    client.force_login(admin)
    assert path in html_of(client.get(url("manage-application", application.pk)))
    response = client.get(path)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 accounts"
    assert "attachment" in response["Content-Disposition"] and "accounts.pdf" in response["Content-Disposition"]
    assert client.get(url("manage-answer-file", application.pk, 999999)).status_code == 404
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    client.force_login(assessor)
    assert client.get(path).status_code == 404  # not declared yet
    services.conflict_declare(actor=assessor, application=application, has_conflict=False)
    assert client.get(path).status_code == 200
    for person in (outsider, UserFactory()):
        client.force_login(person)
        assert client.get(path).status_code == 404


def test_the_queue_lists_an_administrators_rounds_and_no_one_elses(client, round_, admin, outsider):
    client.force_login(admin)
    assert url("manage-round-applications", round_.pk) in html_of(client.get(url("assess")))
    client.force_login(outsider)
    assert url("manage-round-applications", round_.pk) not in html_of(client.get(url("assess")))


def test_the_fast_track_target_skips_weekends_and_bank_holidays():
    import datetime

    from funds.selectors.applications import add_working_days

    # Friday 19 December 2025, ten working days on: Christmas, Boxing Day and New Year's Day are not counted.
    assert add_working_days(datetime.date(2025, 12, 19), 10) == datetime.date(2026, 1, 7)


def test_notifications_to_the_funds_people_link_to_their_own_pages(admin, assessor, application):
    from covenant.notifications.models import Delivery

    def link(person, event) -> set:
        return set(Delivery.objects.filter(recipient_key=f"user:{person.pk}", event=event)
                   .values_list("url", flat=True))

    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    assert link(assessor, "funds.assessor_assigned") == {url("assess-declare", application.pk)}
    services.conflict_declare(actor=assessor, application=application, has_conflict=True, details="My sister")
    assert link(admin, "funds.conflict_declared") == {url("manage-application", application.pk)}
