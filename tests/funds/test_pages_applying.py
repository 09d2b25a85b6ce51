"""The applicants' pages, through the real views: a round's page and starting an application, the task list and
its question pages (details, configured questions with uploads, the budget table, places, bank details), check
your answers and submitting, withdrawing; who may not see any of it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.organisations.models import Role
from funds.models import (
    Answer,
    Application,
    ApplicationStatus,
    BankDetails,
    BeneficiaryArea,
    BudgetLine,
    DueDiligence,
    QuestionKind,
)
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
)

from .factories import Place, QuestionFactory, administrator_of, draft, member_of, open_round

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% a plan\n"
TODAY = timezone.localdate


def url(name: str, application, **kwargs) -> str:
    return reverse(f"funds:{name}", kwargs={"pk": application.pk, **kwargs})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def organisation(db):
    return VerifiedOrganisationFactory(name="Hendon Food Bank")


@pytest.fixture
def applicant(organisation):
    return member_of(organisation, Role.ADMIN)


@pytest.fixture
def started(round_, organisation, applicant):
    from funds.services import application_start

    return application_start(actor=applicant, round=round_, organisation=organisation, title="Warm spaces")


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


# A round's page and starting ----------------------------------------------------------------------------------

def test_a_round_page_shows_its_fund_dates_limits_eligibility_and_questions_to_anyone(client, round_):
    response = client.get(reverse("funds:round", kwargs={"pk": round_.pk}))
    page = text(response)
    assert response.status_code == 200
    assert round_.programme.fund.name in page and round_.programme.name in page
    assert "From £1,000 to £100,000" in page and "£200,000" in page and "24 months" in page
    assert "What difference will the grant make?" in page and "a budget table with any match funding" in page
    assert "Sign in</a> to apply" in page and "Start your application" not in page


def test_a_round_not_open_yet_with_narrow_rules_says_so(client, round_, fund, admin):
    from funds.models import Round

    place = Place(decile=1)
    narrow = open_round(fund, admin, income_bands=["under_10k", "10k_100k"], deprivation_rule="require",
                        deprivation_max_decile=2, fast_track=True, max_amount="9000", budget="50000")
    narrow.local_authorities.add(place.local_authority)
    Round.objects.filter(pk=narrow.pk).update(opens_at=timezone.now() + datetime.timedelta(days=3),
                                              closes_at=timezone.now() + datetime.timedelta(days=30))
    client.force_login(member_of(VerifiedOrganisationFactory()))
    page = text(client.get(reverse("funds:round", kwargs={"pk": narrow.pk})))
    assert "Not open yet" in page and "This round opens at" in page and "Start your application" not in page
    assert "Under £10,000; £10,000 to £100,000" in page and f"For work in: {place.local_authority.name}" in page
    assert "Only projects helping the most deprived areas (IMD deciles 1 to 2)" in page
    assert "From £1,000 to £9,000" in page and "Fast track" in page


def test_a_round_not_published_is_not_found(client, fund):
    from .factories import ProgrammeFactory, RoundFactory

    hidden = RoundFactory(programme=ProgrammeFactory(fund=fund), published_at=None)
    assert client.get(reverse("funds:round", kwargs={"pk": hidden.pk})).status_code == 404
    assert client.get(reverse("funds:round", kwargs={"pk": 999999})).status_code == 404


def test_a_member_of_a_verified_organisation_is_offered_to_start(signed_in, round_):
    page = text(signed_in.get(reverse("funds:round", kwargs={"pk": round_.pk})))
    assert "Start your application" in page
    assert reverse("funds:round-apply", kwargs={"pk": round_.pk}) in page


def test_why_someone_cannot_apply_is_said_plainly(client, round_, fund, admin):
    unverified = OrganisationFactory(name="Not Yet Verified Group")
    person = member_of(unverified)
    client.force_login(person)
    page = text(client.get(reverse("funds:round", kwargs={"pk": round_.pk})))
    assert "Not Yet Verified Group is not verified yet" in page and "Start your application" not in page

    client.force_login(member_of(VerifiedOrganisationFactory(type="business", name="Shop Ltd")))
    narrow = open_round(fund, admin, organisation_types=["registered_charity"])
    page = text(client.get(reverse("funds:round", kwargs={"pk": narrow.pk})))
    assert "does not fund organisations of Shop Ltd&#x27;s type (Business)" in page
    assert "Start your application" not in page

    # Nobody may start an application to a round that has closed: the page says when it closed.
    from funds.models import Round

    Round.objects.filter(pk=round_.pk).update(opens_at=timezone.now() - datetime.timedelta(days=9),
                                              closes_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(member_of(VerifiedOrganisationFactory()))
    page = text(client.get(reverse("funds:round", kwargs={"pk": round_.pk})))
    assert "This round closed at" in page and "Start your application" not in page
    response = client.get(reverse("funds:round-apply", kwargs={"pk": round_.pk}))
    assert response.status_code == 302 and response.url == reverse("funds:round", kwargs={"pk": round_.pk})


def test_starting_an_application_for_the_one_organisation(signed_in, round_, organisation, applicant):
    apply_url = reverse("funds:round-apply", kwargs={"pk": round_.pk})
    page = text(signed_in.get(apply_url))
    assert "You are applying for Hendon Food Bank" in page and 'type="radio"' not in page
    response = signed_in.post(apply_url, {"organisation": organisation.pk, "title": ""})
    assert "Enter the name of your project" in text(response) and not Application.objects.exists()
    response = signed_in.post(apply_url, {"organisation": organisation.pk, "title": "  Warm   spaces "})
    application = Application.objects.get()
    assert response.status_code == 302 and response.url == url("application", application)
    assert (application.title, application.organisation, application.created_by) == ("Warm spaces", organisation,
                                                                                       applicant)
    assert AuditEntry.objects.filter(action="funds.application_started", actor=applicant).exists()
    # Once started, the round's page leads back to it instead.
    page = text(signed_in.get(reverse("funds:round", kwargs={"pk": round_.pk})))
    assert "Hendon Food Bank has already applied to this round" in page and "Start your application" not in page


def test_choosing_between_organisations(client, round_, organisation, applicant):
    other = VerifiedOrganisationFactory(name="Pallion Youth Club")
    MembershipFactory(organisation=other, user=applicant, roles=["coordinator"])
    stranger = VerifiedOrganisationFactory(name="Someone Else's Trust")
    client.force_login(applicant)
    apply_url = reverse("funds:round-apply", kwargs={"pk": round_.pk})
    page = text(client.get(apply_url))
    assert "Which organisation is applying?" in page and "Pallion Youth Club" in page
    response = client.post(apply_url, {"title": "Youth nights"})
    assert "Select the organisation that is applying" in text(response)
    response = client.post(apply_url, {"organisation": stranger.pk, "title": "Youth nights"})
    assert "Select the organisation that is applying" in text(response) and not Application.objects.exists()
    client.post(apply_url, {"organisation": other.pk, "title": "Youth nights"})
    assert Application.objects.get().organisation == other


# The task list --------------------------------------------------------------------------------------------------

def test_the_task_list_shows_each_section_not_started_in_progress_or_completed(signed_in, started):
    page = text(signed_in.get(url("application", started)))
    assert "You have completed 0 of 5 sections" in page
    assert page.count("Not started") == 5  # bank details too: the organisation's administrator may add them
    from funds.services import application_update

    application_update(actor=started.created_by, application=started, amount_requested="5000")
    page = text(signed_in.get(url("application", started)))
    assert re.search(r"Project details</a>.*?In progress", page)
    from funds.services import answer_save

    question = started.round.questions.get(kind=QuestionKind.TEXT)
    answer_save(actor=started.created_by, application=started, question=question, value="A lot")
    page = text(signed_in.get(url("application", started)))
    assert re.search(r"What difference will the grant make\?</a>.*?Completed", page)
    assert "You have completed 1 of 5 sections" in page
    assert url("application-check", started) in page


def test_a_complete_draft_shows_every_task_completed(client, round_):
    application, applicant = draft(round_)
    client.force_login(applicant)
    page = text(client.get(url("application", application)))
    assert "You have completed 5 of 5 sections" in page and "Not started" not in page and "In progress" not in page


def test_a_coordinator_cannot_start_bank_details(client, started):
    coordinator = member_of(started.organisation, Role.COORDINATOR)
    client.force_login(coordinator)
    page = text(client.get(url("application", started)))
    assert "Cannot start yet" in page and "An administrator of Hendon Food Bank must add these" in page
    page = text(client.get(url("application-bank-details", started)))
    assert "Only an administrator of Hendon Food Bank can add or change" in page
    response = client.post(url("application-bank-details", started), {
        "account_name": "Hendon Food Bank", "sort_code": "309430", "account_number": "00733445"})
    assert response.status_code == 404 and not BankDetails.objects.exists()


# Question pages -------------------------------------------------------------------------------------------------

def details(**overrides) -> dict:
    start, end = TODAY() + datetime.timedelta(days=30), TODAY() + datetime.timedelta(days=300)
    data = {"title": "Warm spaces", "summary": "Hot meals.", "amount_requested": "£5,000",
            "project_start_0": start.day, "project_start_1": start.month, "project_start_2": start.year,
            "project_end_0": end.day, "project_end_1": end.month, "project_end_2": end.year,
            "organisation_income": "80000"}
    return {**data, **overrides}


def test_project_details_are_saved(signed_in, started):
    response = signed_in.post(url("application-details", started), details())
    assert response.status_code == 302 and response.url == url("application", started)
    started.refresh_from_db()
    assert (started.amount_requested, started.organisation_income) == (Decimal("5000"), Decimal("80000"))
    assert started.project_start == TODAY() + datetime.timedelta(days=30)


@pytest.mark.parametrize(("change", "field_error"), [
    ({"amount_requested": "500"}, "Enter an amount between £1,000 and £100,000"),
    ({"amount_requested": "250000"}, "Enter an amount between £1,000 and £100,000"),
    ({"amount_requested": "lots"}, "Enter the amount you are asking for in pounds, like 1250 or 1250.50"),
    ({"project_end_2": TODAY().year - 1}, "The project must end on or after the day it starts"),
    ({"project_start_1": "13"}, "The project&#x27;s start date must be a real date"),
    ({"project_end_2": TODAY().year + 4}, "Projects in this round can last up to 24 months"),
])
def test_bad_project_details_are_refused_and_nothing_is_saved(signed_in, started, change, field_error):
    response = signed_in.post(url("application-details", started), details(**change))
    page = text(response)
    assert response.status_code == 200 and "There is a problem" in page and field_error in page
    started.refresh_from_db()
    assert started.amount_requested is None and started.summary == ""


def test_a_text_answer_is_saved_and_leads_back_to_the_task_list(signed_in, started):
    question = started.round.questions.get(kind=QuestionKind.TEXT)
    page_url = url("application-question", started, key=question.key)
    page = text(signed_in.get(page_url))
    assert "<h1" in page and "What difference will the grant make?" in page
    response = signed_in.post(page_url, {"value": "Warmth for 200 households"})
    assert response.status_code == 302 and response.url == url("application", started)
    assert Answer.objects.get(application=started, question=question).value == "Warmth for 200 households"
    response = signed_in.post(page_url, {"value": "x" * 2001})
    assert "This must be 2000 characters or fewer" in text(response)
    assert Answer.objects.get(application=started, question=question).value == "Warmth for 200 households"


def test_questions_of_a_section_follow_each_other(signed_in, started):
    first = QuestionFactory(round=started.round, section="Your organisation", kind=QuestionKind.NUMBER,
                            label="How many volunteers?", position=10)
    second = QuestionFactory(round=started.round, section="Your organisation", kind=QuestionKind.CHOICE,
                             label="Do you have a safeguarding policy?", choices=["Yes", "No"], position=11)
    response = signed_in.post(url("application-question", started, key=first.key), {"value": "twelve"})
    assert "Enter a number, like 12 or 3.5" in text(response) and not Answer.objects.exists()
    response = signed_in.post(url("application-question", started, key=first.key), {"value": "12"})
    assert response.url == url("application-question", started, key=second.key)
    response = signed_in.post(url("application-question", started, key=second.key), {"value": "Maybe"})
    assert "Select one of the options" in text(response)
    response = signed_in.post(url("application-question", started, key=second.key), {"value": "Yes"})
    assert response.url == url("application", started)
    assert sorted(Answer.objects.values_list("value", flat=True)) == ["12", "Yes"]
    page = text(signed_in.get(url("application", started)))
    assert re.search(r"Your organisation</a>.*?Completed", page)


def test_money_and_date_questions(signed_in, started):
    money = QuestionFactory(round=started.round, kind=QuestionKind.MONEY, label="Your reserves")
    when = QuestionFactory(round=started.round, kind=QuestionKind.DATE, label="When were you founded?")
    signed_in.post(url("application-question", started, key=money.key), {"value": "£12,500.50"})
    assert Answer.objects.get(question=money).value == "12500.50"
    response = signed_in.post(url("application-question", started, key=when.key),
                              {"value_0": "31", "value_1": "2", "value_2": "2020"})
    assert "must be a real date" in text(response) and not Answer.objects.filter(question=when).exists()
    signed_in.post(url("application-question", started, key=when.key),
                   {"value_0": "3", "value_1": "2", "value_2": "2020"})
    assert Answer.objects.get(question=when).value == "2020-02-03"
    page = text(signed_in.get(url("application-question", started, key=when.key)))
    assert 'value="3"' in page and 'value="2020"' in page


@pytest.fixture
def file_question(started):
    return QuestionFactory(round=started.round, kind=QuestionKind.FILE, label="Your latest accounts",
                           allowed_types=["pdf"], max_file_bytes=1024)


def test_a_file_is_uploaded_and_kept(signed_in, started, file_question):
    page_url = url("application-question", started, key=file_question.key)
    page = text(signed_in.get(page_url))
    assert 'enctype="multipart/form-data"' in page and "The file must be a PDF, smaller than 1KB" in page
    response = signed_in.post(page_url, {"upload": SimpleUploadedFile("accounts.pdf", PDF)})
    assert response.status_code == 302
    answer = Answer.objects.get(question=file_question)
    assert answer.file_name == "accounts.pdf" and answer.file.read() == PDF
    page = text(signed_in.get(page_url))
    assert "You uploaded accounts.pdf" in page
    # Saving again without a new file keeps the one there.
    assert signed_in.post(page_url, {}).status_code == 302
    assert Answer.objects.get(question=file_question).file_name == "accounts.pdf"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("accounts.xlsx", b"PK\x03\x04 spreadsheet", "The selected file must be a PDF"),
    ("accounts.pdf", b"PK\x03\x04 a spreadsheet renamed", "The selected file must be a PDF"),
    ("accounts.pdf", PDF + b"0" * 2000, "The selected file must be smaller than 1KB"),
    ("accounts.pdf", b"", "The selected file is empty"),
])
def test_wrong_uploads_are_refused(signed_in, started, file_question, name, content, message):
    response = signed_in.post(url("application-question", started, key=file_question.key),
                              {"upload": SimpleUploadedFile(name, content)})
    assert response.status_code == 200 and message in text(response)
    assert not Answer.objects.filter(question=file_question).exclude(file="").exists()


def test_no_file_chosen_asks_for_one(signed_in, started, file_question):
    response = signed_in.post(url("application-question", started, key=file_question.key), {})
    assert "Select a file" in text(response)


def test_a_question_of_another_round_is_not_found(signed_in, started, fund, admin):
    question = QuestionFactory(round=open_round(fund, admin), key="asked-elsewhere-only")
    assert signed_in.get(url("application-question", started, key=question.key)).status_code == 404
    assert signed_in.get(url("application-question", started, key="no-such-question")).status_code == 404


# The budget table -----------------------------------------------------------------------------------------------

def line(n, item="", cost="", requested="", match="", source="") -> dict:
    return {f"lines-{n}-item": item, f"lines-{n}-cost": cost, f"lines-{n}-requested": requested,
            f"lines-{n}-match_funding": match, f"lines-{n}-match_source": source}


def test_budget_lines_are_added_removed_and_saved_with_totals(signed_in, started):
    budget_url = url("application-budget", started)
    page = text(signed_in.get(budget_url))
    assert "Line 1" in page and "Line 2" not in page
    # Adding a line saves nothing and shows one more.
    response = signed_in.post(budget_url, {**line(0, "Heating", "3000", "3000"), "add": ""})
    page = text(response)
    assert "Line 2" in page and 'value="Heating"' in page and not BudgetLine.objects.exists()
    # Removing line 1 keeps line 2's entries as the new line 1.
    response = signed_in.post(budget_url, {**line(0, "Heating", "3000", "3000"),
                                           **line(1, "Food", "4000", "2000", "2000", "Our reserves"),
                                           "remove-0": ""})
    page = text(response)
    assert "Line 2" not in page and 'value="Food"' in page and 'value="Heating"' not in page
    response = signed_in.post(budget_url, {**line(0, "Heating", "3000", "3000"),
                                           **line(1, "Food", "4000", "2000", "2000", "Our reserves"),
                                           **line(2), "submit": ""})
    assert response.status_code == 302 and response.url == url("application", started)
    assert list(BudgetLine.objects.order_by("position").values_list("item", "requested", "match_source")) == [
        ("Heating", Decimal("3000"), ""), ("Food", Decimal("2000"), "Our reserves")]
    page = text(signed_in.get(budget_url))
    assert "£7,000" in page and "£5,000" in page and "£2,000" in page


def test_a_budget_line_that_does_not_add_up_is_refused_and_nothing_is_saved(signed_in, started):
    from funds.services import budget_set

    budget_set(actor=started.created_by, application=started,
               lines=[{"item": "Rent", "cost": "1000", "requested": "1000"}])
    response = signed_in.post(url("application-budget", started), {
        **line(0, "Heating", "3000", "2000"), **line(1, "Food", "100", "50", "50"), "submit": ""})
    page = text(response)
    assert response.status_code == 200 and "There is a problem" in page
    assert "The grant (£2,000) and match funding (£0) for Heating must add up to its cost of £3,000" in page
    assert "Enter where the match funding for Food comes from" in page
    assert list(BudgetLine.objects.values_list("item", flat=True)) == ["Rent"]
    assert AuditEntry.objects.filter(action="funds.budget_set_refused").exists()


def test_a_budget_not_matching_the_amount_is_flagged(signed_in, started):
    from funds.services import application_update, budget_set

    application_update(actor=started.created_by, application=started, amount_requested="5000")
    budget_set(actor=started.created_by, application=started,
               lines=[{"item": "Rent", "cost": "1000", "requested": "1000"}])
    page = text(signed_in.get(url("application-budget", started)))
    assert "Your budget asks for £1,000 from this grant but your application asks for £5,000" in page
    page = text(signed_in.get(url("application", started)))
    assert re.search(r"Your budget</a>.*?asks for £1,000 from this grant.*?In progress", page)


# Places and bank details ----------------------------------------------------------------------------------------

def test_beneficiary_areas_are_resolved_and_bad_ones_refused(signed_in, started):
    place = Place(decile=1)
    areas_url = url("application-areas", started)
    response = signed_in.post(areas_url, {"codes": f"{place.postcode.postcode}, {place.lsoa.code}"})
    assert response.status_code == 302
    assert sorted(BeneficiaryArea.objects.values_list("kind", flat=True)) == ["lsoa", "postcode"]
    page = text(signed_in.get(areas_url))
    assert place.postcode.postcode in page and place.local_authority.name in page
    response = signed_in.post(areas_url, {"codes": f"{place.postcode.postcode}\nNOT A POSTCODE\nSR9 9ZZ"})
    page = text(response)
    assert "NOT A POSTCODE: Enter a real postcode or an area code" in page
    assert "SR9 9ZZ: We could not find the postcode SR9 9ZZ" in page
    assert BeneficiaryArea.objects.count() == 2


def test_bank_details_are_saved_encrypted_and_only_shown_masked(signed_in, started):
    bank_url = url("application-bank-details", started)
    response = signed_in.post(bank_url, {"account_name": "Hendon Food Bank", "sort_code": "30-94-30",
                                         "account_number": "00733445"})
    assert response.status_code == 302
    details = BankDetails.objects.get()
    assert "00733445" not in details.account_number_encrypted
    page = text(signed_in.get(bank_url))
    assert "••••3445" in page and "••-••-30" in page and "00733445" not in page and "309430" not in page
    assert "00733445" not in text(signed_in.get(url("application-check", started)))
    entry = AuditEntry.objects.get(action="funds.bank_details_set")
    assert "00733445" not in str(entry.metadata)


def test_bad_bank_details_are_refused_without_echoing_the_numbers(signed_in, started):
    response = signed_in.post(url("application-bank-details", started), {
        "account_name": "Hendon Food Bank", "sort_code": "309430", "account_number": "1234567890123"})
    page = text(response)
    assert "Enter a valid account number like 00733445" in page and "1234567890123" not in page
    assert 'value="309430"' not in page and 'value="Hendon Food Bank"' in page
    assert not BankDetails.objects.exists()


# Check your answers, submit, withdraw ---------------------------------------------------------------------------

def test_check_your_answers_lists_each_problem_with_a_link_to_fix_it(signed_in, started):
    page = text(signed_in.get(url("application-check", started)))
    assert "There is a problem" in page
    assert f'<a href="{url("application-details", started)}#id_summary">Enter what the grant is for</a>' in page
    question = started.round.questions.get(kind=QuestionKind.TEXT)
    assert (f'<a href="{url("application-question", started, key=question.key)}">Answer ‘What difference will '
            f'the grant make?’</a>') in page
    assert f'<a href="{url("application-areas", started)}">Add at least one place' in page
    assert "Accept and submit" not in page
    response = signed_in.post(url("application-check", started), {"declaration": "on"})
    assert "Enter what the grant is for" in text(response)
    started.refresh_from_db()
    assert started.status == ApplicationStatus.DRAFT


def test_submitting_with_the_declaration_runs_due_diligence_and_gives_a_reference(client, round_):
    application, applicant = draft(round_)
    client.force_login(applicant)
    check_url = url("application-check", application)
    page = text(client.get(check_url))
    assert "There is a problem" not in page and "Accept and submit" in page and "Warm spaces this winter" in page
    response = client.post(check_url, {})
    assert "Confirm the declaration to submit your application" in text(response)
    response = client.post(check_url, {"declaration": "on"})
    assert response.status_code == 302 and response.url == url("application-submitted", application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.submitted_by == applicant
    assert DueDiligence.objects.filter(application=application).exists()
    # The message about it leads to the application's page.
    from covenant.notifications.models import Delivery

    messages = Delivery.objects.filter(recipient=applicant, event="funds.application_submitted")
    assert messages.exists() and all(m.url.endswith(url("application", application)) for m in messages)
    page = text(client.get(response.url))
    assert "Application submitted" in page and f"360G-{round_.programme.fund.identifier_prefix}-{application.pk}" \
        in page
    # Submitted, its question pages are closed; its page shows where it has got to.
    assert client.get(url("application-details", application)).status_code == 404
    page = text(client.get(url("application", application)))
    assert "Submitted" in page and "Withdraw this application" in page


def test_submitting_after_the_round_closed_is_refused(client, round_):
    from funds.models import Round

    application, applicant = draft(round_)
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1),
                                              opens_at=timezone.now() - datetime.timedelta(days=5))
    client.force_login(applicant)
    page = text(client.get(url("application-check", application)))
    assert "This round closed at" in page
    response = client.post(url("application-check", application), {"declaration": "on"})
    assert "This round closed at" in text(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert AuditEntry.objects.filter(action="funds.application_submit_refused").exists()


def test_withdrawing_asks_first(client, round_):
    application, applicant = draft(round_)
    client.force_login(applicant)
    page = text(client.get(url("application-withdraw", application)))
    assert "Are you sure you want to withdraw this application?" in page
    response = client.post(url("application-withdraw", application), {"reason": "Funded elsewhere"})
    assert response.status_code == 302 and response.url == reverse("funds:applications")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    entry = AuditEntry.objects.get(action="funds.application_withdrawn")
    assert entry.metadata["reason"] == "Funded elsewhere"
    page = text(client.get(reverse("funds:applications")))
    assert "has been withdrawn" in page and "Withdrawn" in page
    assert client.get(url("application-withdraw", application)).status_code == 404


def test_your_applications_lists_every_organisations_applications_with_status(client, round_, fund, admin):
    mine, applicant = draft(round_)
    other_org = VerifiedOrganisationFactory()
    MembershipFactory(organisation=other_org, user=applicant, roles=["coordinator"])
    theirs, _someone = draft(open_round(fund, admin, name="Spring round"), organisation=other_org)
    strangers, _stranger = draft(round_)
    client.force_login(applicant)
    page = text(client.get(reverse("funds:applications")))
    assert page.count('href="/funds/applications/') == 2
    assert url("application", mine) in page and url("application", theirs) in page
    assert url("application", strangers) not in page
    assert "Draft" in page and "Rounds open now" in page and "Spring round" in page


# Who may not ----------------------------------------------------------------------------------------------------

PAGES = ["application", "application-details", "application-budget", "application-areas",
         "application-bank-details", "application-check", "application-withdraw"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_people_are_sent_to_sign_in(client, started, name):
    response = client.get(url(name, started))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", PAGES)
def test_other_organisations_members_and_missing_applications_get_404(client, started, name):
    client.force_login(member_of(VerifiedOrganisationFactory()))
    assert client.get(url(name, started)).status_code == 404
    client.force_login(started.created_by)
    assert client.get(reverse(f"funds:{name}", kwargs={"pk": 999999})).status_code == 404


def test_other_organisations_members_cannot_post_either(client, started):
    client.force_login(member_of(VerifiedOrganisationFactory()))
    assert client.post(url("application-details", started), details()).status_code == 404
    assert client.post(url("application-check", started), {"declaration": "on"}).status_code == 404
    assert client.post(url("application-withdraw", started), {}).status_code == 404
    started.refresh_from_db()
    assert started.status == ApplicationStatus.DRAFT and started.summary == ""


def test_members_of_an_organisation_no_longer_verified_lose_their_pages(client, started):
    from covenant.organisations.models import Organisation

    Organisation.objects.filter(pk=started.organisation_id).update(verification_status="suspended")
    client.force_login(started.created_by)
    assert client.get(url("application", started)).status_code == 404


def test_the_fund_administrator_is_sent_to_their_own_page_or_told_nothing(client, started, fund):
    client.force_login(administrator_of(fund))
    response = client.get(url("application", started))
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert "/funds/manage/" in response.url
    assert client.get(url("application-details", started)).status_code == 404


def test_your_applications_costs_no_more_queries_for_more_applications(client, round_, fund, admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    organisation = VerifiedOrganisationFactory()
    applicant = member_of(organisation)
    client.force_login(applicant)
    draft(round_, organisation=organisation, applicant=applicant)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("funds:applications")).status_code == 200
        return len(context)

    few = queries()
    for name in ("Spring round", "Summer round"):
        draft(open_round(fund, admin, name=name), organisation=organisation, applicant=applicant)
    assert queries() == few


def test_a_charity_applies_through_every_page_and_follows_its_grant(client, round_, admin, assessor, finance):
    """The whole journey as an applicant makes it, every step through the pages."""
    from funds import services

    from .factories import assessed

    charity = VerifiedOrganisationFactory(name="Hendon Food Bank")
    person = member_of(charity, Role.ADMIN)
    place = Place(decile=2)
    client.force_login(person)
    response = client.post(reverse("funds:round-apply", kwargs={"pk": round_.pk}),
                           {"organisation": charity.pk, "title": "Warm spaces"})
    application = Application.objects.get(organisation=charity)
    assert response.url == url("application", application)
    assert client.post(url("application-details", application), details(amount_requested="8000")).status_code == 302
    question = round_.questions.get(kind=QuestionKind.TEXT)
    client.post(url("application-question", application, key=question.key), {"value": "Warmth for 200 homes"})
    client.post(url("application-budget", application), {
        **line(0, "Heating", "6000", "6000"), **line(1, "Meals", "4000", "2000", "2000", "Our reserves"),
        "submit": ""})
    client.post(url("application-areas", application), {"codes": place.postcode.postcode})
    client.post(url("application-bank-details", application), {
        "account_name": "Hendon Food Bank", "sort_code": "309430", "account_number": "00733445"})
    assert "You have completed 5 of 5 sections" in text(client.get(url("application", application)))
    response = client.post(url("application-check", application), {"declaration": "on"})
    assert response.url == url("application-submitted", application)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.most_deprived_decile == 2
    assessed(application, admin, [assessor])
    services.application_recommend(actor=admin, application=application, recommended=True, notes="Strong")
    services.application_approve(actor=admin, application=application, amount="8000", reasons="Clear need")
    assert "approved for the full £8,000" in text(client.get(url("application", application)))
    client.post(url("application-agreement", application),
                {"full_name": "Sam Jones", "role": "Treasurer", "confirm": "on"})
    (tranche,) = services.tranches_schedule(actor=admin, application=application,
                                            tranches=[{"amount": "8000", "due_on": TODAY()}])
    services.reports_schedule(actor=admin, application=application, due_dates=[TODAY()])
    services.tranche_release(actor=finance, tranche=tranche)
    assert "Paid on" in text(client.get(url("application-payments", application)))
    client.post(url("application-report", application, number=1), {"progress": "Done", "spent_to_date": "8000"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    assert application.reports.get().status == "submitted"
