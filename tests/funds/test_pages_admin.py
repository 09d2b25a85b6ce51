"""Fund administrators' pages: their funds, a fund's position, capital, valuations, returns and drawdowns,
programmes, rounds with their questions, criteria, budget and publishing, the list of left-behind neighbourhoods
and the dashboards with their CSV. Through the real views: what is saved, what is refused and said, who may not."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from covenant.audit.models import AuditEntry
from funds import services
from funds.models import (
    Criterion,
    EndowmentEvent,
    LeftBehindNeighbourhood,
    Programme,
    Question,
    Round,
    Valuation,
)
from funds.selectors import fund_position, round_position
from tests.accounts.factories import UserFactory
from tests.funds.factories import (
    EndowmentFactory,
    FundFactory,
    Place,
    administrator_of,
    assessor_of,
    recommended,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def _errors(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert "govuk-error-summary" in html, "no error summary"
    return html


@pytest.fixture
def signed_in(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def programme(fund, admin):
    return services.programme_create(actor=admin, fund=fund, name="Crisis grants", code="CRF-CRISIS")


@pytest.fixture
def draft_round(fund, admin, programme):
    """An unpublished round with no budget, criteria or questions yet; the fund has £1m of capital."""
    services.fund_capital_record(actor=admin, fund=fund, amount="1000000", received_on=timezone.localdate())
    return services.round_create(actor=admin, programme=programme, name="Winter 2026",
                                 opens_at=timezone.now() - datetime.timedelta(hours=1),
                                 closes_at=timezone.now() + datetime.timedelta(days=30), min_amount="1000",
                                 max_amount="10000")


@pytest.fixture
def endowment(admin):
    fund = EndowmentFactory()
    administrator_of(fund, email="endowment.admin@example.org")
    return fund


def _endowment_admin(endowment):
    from covenant.accounts.models import User

    return User.objects.get(email="endowment.admin@example.org")


# Funds ---------------------------------------------------------------------------------------------------------

def test_administrators_see_their_funds_with_their_position(signed_in, fund, round_):
    other = FundFactory(name="Somebody Else's Fund")
    html = signed_in.get(reverse("funds:manage")).content.decode()
    assert fund.name in html and other.name not in html
    assert f'href="{reverse("funds:manage-fund", args=[fund.slug])}"' in html
    assert "£800,000" in html  # available: £1m less the round's £200,000


def test_a_funds_page_shows_its_position_and_its_rounds_money_from_the_ledger(signed_in, fund, round_, admin,
                                                                               assessor):
    application, _ = recommended(round_, admin, assessor, amount="12000")
    services.application_approve(actor=admin, application=application, amount="12000", reasons="Good")
    html = signed_in.get(reverse("funds:manage-fund", args=[fund.slug])).content.decode()
    assert "Capital received" in html and "£1,000,000" in html
    assert "£800,000" in html  # available
    assert "£188,000" in html  # in the round's budget, not committed
    assert "£12,000" in html  # committed
    assert round_.name in html and f'href="{reverse("funds:manage-round", args=[round_.pk])}"' in html
    assert "Drawdown in" not in html  # a recovery fund has no drawdown


def test_recording_capital_posts_it_to_the_ledger(signed_in, fund, admin):
    response = signed_in.post(reverse("funds:manage-capital", args=[fund.slug]),
                              {"amount": "£250,000", **_date("received_on", TODAY()), "note": "First transfer"})
    assert response.status_code == 302 and response.url == reverse("funds:manage-fund", args=[fund.slug])
    assert fund_position(fund).available == Decimal("250000")
    assert AuditEntry.objects.filter(action="funds.capital_recorded", actor=admin).exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"amount": "", **_date("received_on", TODAY())}, "Enter the amount received"),
    ({"amount": "-5", **_date("received_on", TODAY())}, "Enter the amount received of more than £0"),
    ({"amount": "ten pounds", **_date("received_on", TODAY())}, "in pounds, like 1250"),
    ({"amount": "100", **_date("received_on", TODAY() + datetime.timedelta(days=3))},
     "The date it was received must be today or in the past"),
    ({"amount": "100", "received_on_0": "31", "received_on_1": "2", "received_on_2": "2026"},
     "The date it was received must be a real date"),
])
def test_bad_capital_is_refused_and_nothing_posted(signed_in, fund, data, message):
    html = _errors(signed_in.post(reverse("funds:manage-capital", args=[fund.slug]), data))
    assert message in html
    assert fund_position(fund).capital == 0


def test_an_endowments_page_shows_the_drawdown_rule_and_this_years_limit(client, endowment):
    admin = _endowment_admin(endowment)
    year = timezone.localdate().year
    services.fund_capital_record(actor=admin, fund=endowment, amount="2000000", received_on=timezone.localdate())
    for offset, value in ((1, "2000000"), (2, "1800000")):
        services.endowment_valuation_record(actor=admin, fund=endowment, value=value,
                                            valued_on=datetime.date(year - offset, 12, 31))
    client.force_login(admin)
    html = client.get(reverse("funds:manage-fund", args=[endowment.slug])).content.decode()
    assert f"Drawdown in {year}" in html
    assert "3.5% a year of the average of the year-end valuations of the last 3 years" in html
    assert "£66,500" in html  # 3.5% of the average of £2m and £1.8m
    assert f"Valuation at the end of {year - 3}" in html and "None recorded" in html
    assert "£2,000,000" in html  # invested


def test_an_endowment_records_valuations_returns_and_draws_down_within_its_limit(client, endowment):
    admin = _endowment_admin(endowment)
    client.force_login(admin)
    year = timezone.localdate().year
    services.fund_capital_record(actor=admin, fund=endowment, amount="1000000", received_on=timezone.localdate())
    response = client.post(reverse("funds:manage-valuation", args=[endowment.slug]),
                           {"value": "1000000", **_date("valued_on", datetime.date(year - 1, 12, 31))})
    assert response.status_code == 302 and Valuation.objects.filter(fund=endowment).count() == 1
    response = client.post(reverse("funds:manage-return", args=[endowment.slug]),
                           {"amount": "40000", **_date("received_on", TODAY()), "note": "Dividends"})
    assert response.status_code == 302
    assert EndowmentEvent.objects.filter(fund=endowment, kind="return", amount=40000).exists()
    # 3.5% of £1m is £35,000 this year.
    html = _errors(client.post(reverse("funds:manage-drawdown", args=[endowment.slug]), {"amount": "35000.01"}))
    assert "The drawdown rule allows £35,000 this year and £35,000 is left: enter £35,000 or less" in html
    assert fund_position(endowment).available == 0
    response = client.post(reverse("funds:manage-drawdown", args=[endowment.slug]), {"amount": "35000"})
    assert response.status_code == 302 and fund_position(endowment).available == Decimal("35000")


def test_a_second_valuation_on_a_day_and_one_in_the_future_are_refused(client, endowment):
    admin = _endowment_admin(endowment)
    client.force_login(admin)
    url = reverse("funds:manage-valuation", args=[endowment.slug])
    assert client.post(url, {"value": "5", **_date("valued_on", TODAY())}).status_code == 302
    html = _errors(client.post(url, {"value": "6", **_date("valued_on", TODAY())}))
    assert "There is already a valuation on this date" in html
    html = _errors(client.post(url, {"value": "6", **_date("valued_on", TODAY() + datetime.timedelta(days=1))}))
    assert "must be today or in the past" in html
    assert Valuation.objects.filter(fund=endowment).count() == 1


def test_a_recovery_fund_has_no_valuation_return_or_drawdown_pages(signed_in, fund):
    for name in ("funds:manage-valuation", "funds:manage-return", "funds:manage-drawdown"):
        assert signed_in.get(reverse(name, args=[fund.slug])).status_code == 404


def test_a_funds_limits_are_changed_and_audited(signed_in, fund):
    url = reverse("funds:manage-fund-settings", args=[fund.slug])
    page = signed_in.get(url).content.decode()
    assert f'value="{fund.name}"' in page and 'name="drawdown_rate"' not in page  # a recovery fund has no rule
    response = signed_in.post(url, {"name": fund.name, "description": "Fast help", "source": fund.source,
                                    "fast_track_limit": "£7,500", "second_approval_threshold": "40000"})
    assert response.status_code == 302
    fund.refresh_from_db()
    assert (fund.fast_track_limit, fund.second_approval_threshold) == (Decimal("7500"), Decimal("40000"))
    entry = AuditEntry.objects.get(action="funds.fund_updated")
    assert "fast_track_limit" in str(entry.changes)


def test_an_endowments_drawdown_rule_is_changed_as_a_percentage(client, endowment):
    client.force_login(_endowment_admin(endowment))
    url = reverse("funds:manage-fund-settings", args=[endowment.slug])
    assert 'value="3.5%"' in client.get(url).content.decode()
    data = {"name": endowment.name, "source": endowment.source, "second_approval_threshold": "50000",
            "drawdown_rate": "3.2", "drawdown_years": "5"}
    assert client.post(url, data).status_code == 302
    endowment.refresh_from_db()
    assert (endowment.drawdown_rate, endowment.drawdown_years) == (Decimal("0.032"), 5)
    html = _errors(client.post(url, {**data, "drawdown_rate": "25%"}))
    assert "Enter a drawdown rate between 0 and 0.2" in html
    html = _errors(client.post(url, {**data, "drawdown_years": "11", "name": ""}))
    assert "Enter the number of years to average, from 1 to 10" in html and "Enter the fund&#x27;s name" in html
    endowment.refresh_from_db()
    assert (endowment.drawdown_rate, endowment.drawdown_years) == (Decimal("0.032"), 5)


# Programmes and rounds -----------------------------------------------------------------------------------------

def test_adding_a_programme(signed_in, fund):
    response = signed_in.post(reverse("funds:manage-programme-add", args=[fund.slug]),
                              {"name": "Crisis grants", "code": "CRF-CRISIS", "description": "Fast help"})
    programme = Programme.objects.get(fund=fund)
    assert response.status_code == 302 and response.url.endswith(f"#programme-{programme.pk}")
    assert programme.code == "CRF-CRISIS"
    html = _errors(signed_in.post(reverse("funds:manage-programme-add", args=[fund.slug]),
                                  {"name": "Another", "code": "crf-crisis"}))
    assert "Another programme of this fund has this code" in html
    html = _errors(signed_in.post(reverse("funds:manage-programme-add", args=[fund.slug]), {"name": "", "code": ""}))
    assert "Enter the programme&#x27;s name" in html and "Enter a code for the programme" in html
    assert Programme.objects.filter(fund=fund).count() == 1


def _round_data(**overrides) -> dict:
    data = {"name": "Spring 2027", "description": "For food and warmth", **_date("opens_at", TODAY()),
            **_date("closes_at", TODAY() + datetime.timedelta(days=40)), "min_amount": "500",
            "max_amount": "10000", "budget": "50000", "max_months": "12", "fast_track": "yes",
            "deprivation_rule": "weight", "deprivation_max_decile": "3", "deprivation_weight": "0.5",
            "organisation_types": ["registered_charity", "cio"], "income_bands": ["under_10k", "10k_100k"],
            "local_authorities": "", "left_behind_counts": "on"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_adding_a_round_allocates_its_budget(signed_in, fund, admin, programme):
    services.fund_capital_record(actor=admin, fund=fund, amount="100000", received_on=timezone.localdate())
    response = signed_in.post(reverse("funds:manage-round-add", args=[fund.slug, programme.slug]), _round_data())
    round_ = Round.objects.get(programme=programme)
    assert response.status_code == 302 and response.url == reverse("funds:manage-round", args=[round_.pk])
    assert round_.fast_track and round_.budget == Decimal("50000") and round_.published_at is None
    assert round_.organisation_types == ["registered_charity", "cio"]
    assert round_.deprivation_rule == "weight" and round_.deprivation_weight == Decimal("0.5")
    assert round_.left_behind_counts
    assert timezone.localtime(round_.opens_at).time() == datetime.time(0, 0)
    assert timezone.localtime(round_.closes_at).date() == TODAY() + datetime.timedelta(days=40)
    assert round_position(round_).uncommitted == Decimal("50000")
    assert fund_position(fund).available == Decimal("50000")
    page = signed_in.get(response.url).content.decode()
    assert "Spring 2027" in page and "Add at least one assessment criterion" in page


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({**_date("closes_at", TODAY() - datetime.timedelta(days=1))}, "closes_at", "The round must close in the future"),
    ({**_date("opens_at", TODAY() + datetime.timedelta(days=50))}, "closes_at", "The round must close after it opens"),
    ({"closes_at_0": "", "closes_at_1": "", "closes_at_2": ""}, "closes_at", "Enter the closing date"),
    ({"closes_at_0": "30", "closes_at_1": "2", "closes_at_2": "2030"}, "closes_at",
     "The closing date must be a real date"),
    ({"budget": "500000"}, "budget", "The fund has £100,000 available to allocate: enter a budget of that or less"),
    ({"max_amount": "400"}, "max_amount", "The largest grant must be at least the smallest grant"),
    ({"max_amount": "20000"}, "max_amount", "no more than the fund&#x27;s fast-track limit of £10,000"),
    ({"deprivation_weight": "7"}, "deprivation_weight", "Enter a priority weight from 0 to 5"),
    ({"deprivation_max_decile": "11"}, "deprivation_max_decile", "Enter an IMD decile from 1 to 10"),
    ({"max_months": "0"}, "max_months", "Enter the longest grant as a number of months from 1 to 120"),
    ({"local_authorities": "E08000024"}, "local_authorities", "We do not know these local authorities: E08000024"),
    ({"organisation_types": ["spaceship"]}, "organisation_types", "Select types of organisation from the list"),
    ({"name": ""}, "name", "Enter the round&#x27;s name"),
])
def test_bad_rounds_are_refused_with_a_specific_message_and_nothing_saved(signed_in, fund, admin, programme,
                                                                           overrides, field, message):
    services.fund_capital_record(actor=admin, fund=fund, amount="100000", received_on=timezone.localdate())
    html = _errors(signed_in.post(reverse("funds:manage-round-add", args=[fund.slug, programme.slug]),
                                  _round_data(**overrides)))
    assert message in html
    assert f'href="#id_{field}' in html  # the summary links to the field
    assert not Round.objects.exists()
    assert fund_position(fund).available == Decimal("100000")


def test_an_unpublished_rounds_settings_can_change(signed_in, draft_round):
    url = reverse("funds:manage-round-edit", args=[draft_round.pk])
    page = signed_in.get(url).content.decode()
    assert 'value="Winter 2026"' in page
    data = _round_data(name="Winter 2026 (revised)", max_amount="8000", fast_track="no", budget=None)
    response = signed_in.post(url, data)
    assert response.status_code == 302
    draft_round.refresh_from_db()
    assert draft_round.name == "Winter 2026 (revised)" and draft_round.max_amount == Decimal("8000")


def test_a_published_round_only_changes_its_description_and_a_later_closing_date(signed_in, round_):
    url = reverse("funds:manage-round-edit", args=[round_.pk])
    page = signed_in.get(url).content.decode()
    assert "only its description" in page and 'name="min_amount"' not in page
    closes = timezone.localtime(round_.closes_at).date()
    html = _errors(signed_in.post(url, {"description": "New words",
                                        **_date("closes_at", closes - datetime.timedelta(days=2))}))
    assert "A published round&#x27;s closing date can only move later" in html
    round_.refresh_from_db()
    assert round_.description == ""
    response = signed_in.post(url, {"description": "New words",
                                    **_date("closes_at", closes + datetime.timedelta(days=7))})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.description == "New words"
    assert timezone.localtime(round_.closes_at).date() == closes + datetime.timedelta(days=7)
    # Leaving the date as it is keeps the exact closing time.
    before = round_.closes_at
    assert signed_in.post(url, {"description": "Again", **_date("closes_at", timezone.localtime(before).date())}
                          ).status_code == 302
    round_.refresh_from_db()
    assert round_.closes_at == before and round_.description == "Again"


# Questions and criteria ----------------------------------------------------------------------------------------

def test_choosing_the_kind_of_question_leads_to_its_form(signed_in, draft_round):
    url = reverse("funds:manage-question-kind", args=[draft_round.pk])
    assert "What kind of answer" in signed_in.get(url).content.decode()
    response = signed_in.get(url, {"kind": "file"})
    assert response.status_code == 302
    assert response.url == reverse("funds:manage-question-add", args=[draft_round.pk, "file"])
    html = _errors(signed_in.get(url, {"kind": "hologram"}))
    assert "Select the kind of answer" in html
    assert signed_in.get(reverse("funds:manage-question-add", args=[draft_round.pk, "hologram"])).status_code == 404


def test_questions_of_every_kind_are_added_with_their_options(signed_in, draft_round):
    def add(kind, **data):
        return signed_in.post(reverse("funds:manage-question-add", args=[draft_round.pk, kind]),
                              {"required": "yes", **data})

    assert add("text", label="What difference will it make?", max_length="500",
               section="About the project").status_code == 302
    assert add("number", label="How many people will it help?").status_code == 302
    assert add("money", label="How much have you raised?", required="no").status_code == 302
    assert add("date", label="When will it start?").status_code == 302
    assert add("choice", label="Who will it help most?", choices="Children\r\nOlder people\r\n\r\nFamilies"
               ).status_code == 302
    assert add("budget", label="Your budget").status_code == 302
    assert add("file", label="Your accounts", allowed_types=["pdf", "xlsx"], max_file_mb="2").status_code == 302
    questions = {q.kind: q for q in Question.objects.filter(round=draft_round)}
    assert len(questions) == 7
    assert questions["text"].max_length == 500 and questions["text"].section == "About the project"
    assert not questions["money"].required
    assert questions["choice"].choices == ["Children", "Older people", "Families"]
    assert questions["file"].allowed_types == ["pdf", "xlsx"] and questions["file"].max_file_bytes == 2 * 1024 * 1024
    html = signed_in.get(reverse("funds:manage-round", args=[draft_round.pk])).content.decode()
    assert "Children, Older people, Families" in html and "PDF, XLSX, up to 2.0" in html


@pytest.mark.parametrize(("kind", "data", "message"), [
    ("text", {"label": ""}, "Enter the question"),
    ("text", {"label": "Why?", "max_length": "0"}, "Enter the longest answer as a number of characters from 1"),
    ("text", {"label": "Why?", "max_length": "lots"}, "Enter the longest answer as a whole number"),
    ("choice", {"label": "Which?", "choices": "Only one"}, "Enter at least 2 options"),
    ("choice", {"label": "Which?", "choices": "Same\nSame"}, "Each option must be different"),
    ("file", {"label": "Accounts"}, "Select at least one type of file"),
    ("file", {"label": "Accounts", "allowed_types": ["exe"]}, "Select file types from the list"),
    ("file", {"label": "Accounts", "allowed_types": ["pdf"], "max_file_mb": "500"},
     "Enter the largest file size in bytes, up to 10MB"),
    ("file", {"label": "Accounts", "allowed_types": ["pdf"], "max_file_mb": "big"},
     "Enter the largest file size as a number of megabytes"),
])
def test_bad_questions_are_refused(signed_in, draft_round, kind, data, message):
    html = _errors(signed_in.post(reverse("funds:manage-question-add", args=[draft_round.pk, kind]),
                                  {"required": "yes", **data}))
    assert message in html
    assert not Question.objects.exists()


def test_a_second_budget_question_is_refused(signed_in, draft_round, admin):
    services.question_add(actor=admin, round=draft_round, label="Your budget", kind="budget")
    html = _errors(signed_in.post(reverse("funds:manage-question-add", args=[draft_round.pk, "budget"]),
                                  {"required": "yes", "label": "Another budget"}))
    assert "The form already has a budget question" in html
    assert Question.objects.count() == 1


def test_removing_a_question_and_a_criterion(signed_in, draft_round, admin):
    question = services.question_add(actor=admin, round=draft_round, label="Why?", kind="text")
    criterion = services.criterion_add(actor=admin, round=draft_round, name="Need", weight="2")
    url = reverse("funds:manage-question-remove", args=[draft_round.pk, question.pk])
    assert "Remove this question?" in signed_in.get(url).content.decode()
    assert signed_in.post(url).status_code == 302 and not Question.objects.exists()
    url = reverse("funds:manage-criterion-remove", args=[draft_round.pk, criterion.pk])
    assert signed_in.post(url).status_code == 302 and not Criterion.objects.exists()
    assert AuditEntry.objects.filter(action="funds.question_removed").exists()
    assert signed_in.post(url).status_code == 404  # gone


def test_a_published_rounds_questions_and_criteria_stay(signed_in, round_):
    question, criterion = round_.questions.first(), round_.criteria.first()
    html = _errors(signed_in.post(reverse("funds:manage-question-remove", args=[round_.pk, question.pk])))
    assert "its questions and criteria can no longer change" in html
    html = _errors(signed_in.post(reverse("funds:manage-criterion-remove", args=[round_.pk, criterion.pk])))
    assert "its questions and criteria can no longer change" in html
    for url in (reverse("funds:manage-criterion-add", args=[round_.pk]),
                reverse("funds:manage-question-kind", args=[round_.pk]),
                reverse("funds:manage-question-add", args=[round_.pk, "text"])):
        response = signed_in.post(url, {"name": "Reach", "weight": "1", "label": "Why?", "required": "yes"},
                                  follow=True)
        assert response.redirect_chain == [(reverse("funds:manage-round", args=[round_.pk]), 302)]
        assert "its questions and criteria can no longer change" in response.content.decode()
    assert round_.questions.count() == 2 and round_.criteria.count() == 2
    assert AuditEntry.objects.filter(action="funds.question_remove_refused").exists()


def test_weighted_criteria_are_added_and_shown_as_shares(signed_in, draft_round):
    url = reverse("funds:manage-criterion-add", args=[draft_round.pk])
    assert signed_in.post(url, {"name": "Need", "weight": "3", "description": "How great"}).status_code == 302
    assert signed_in.post(url, {"name": "Delivery", "weight": "1"}).status_code == 302
    html = signed_in.get(reverse("funds:manage-round", args=[draft_round.pk])).content.decode()
    assert "75%" in html and "25%" in html


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "Need", "weight": "0"}, "Enter a weight of more than 0 and up to 100"),
    ({"name": "Need", "weight": "101"}, "Enter a weight of more than 0 and up to 100"),
    ({"name": "Need", "weight": "heavy"}, "Enter a weight of more than 0 and up to 100"),
    ({"name": "Need", "weight": "1.555"}, "Enter a weight of more than 0 and up to 100"),
    ({"name": "Need", "weight": ""}, "Enter a weight of more than 0 and up to 100"),
    ({"name": "", "weight": "1"}, "Enter the criterion"),
    ({"name": "need", "weight": "1"}, "The round already has a criterion with this name"),
])
def test_bad_criteria_are_refused(signed_in, draft_round, admin, data, message):
    services.criterion_add(actor=admin, round=draft_round, name="Need", weight="1")
    html = _errors(signed_in.post(reverse("funds:manage-criterion-add", args=[draft_round.pk]), data))
    assert message in html
    assert Criterion.objects.count() == 1


# Budget and publishing -----------------------------------------------------------------------------------------

def test_allocating_and_returning_budget(signed_in, draft_round, fund):
    allocate = reverse("funds:manage-budget-allocate", args=[draft_round.pk])
    assert "The fund has £1,000,000 available to allocate" in signed_in.get(allocate).content.decode()
    assert signed_in.post(allocate, {"amount": "60000"}).status_code == 302
    give_back = reverse("funds:manage-budget-return", args=[draft_round.pk])
    assert signed_in.post(give_back, {"amount": "10000"}).status_code == 302
    draft_round.refresh_from_db()
    assert draft_round.budget == Decimal("50000")
    assert fund_position(fund).available == Decimal("950000")


def test_budgets_beyond_the_funds_position_or_the_rounds_are_refused(signed_in, draft_round, fund):
    html = _errors(signed_in.post(reverse("funds:manage-budget-allocate", args=[draft_round.pk]),
                                  {"amount": "1000000.01"}))
    assert "The fund has £1,000,000 available to allocate" in html
    html = _errors(signed_in.post(reverse("funds:manage-budget-return", args=[draft_round.pk]), {"amount": "1"}))
    assert "The round has £0 not committed: enter that or less" in html
    html = _errors(signed_in.post(reverse("funds:manage-budget-allocate", args=[draft_round.pk]), {"amount": "0"}))
    assert "Enter the amount to add to the budget of more than £0" in html
    draft_round.refresh_from_db()
    assert draft_round.budget == 0 and fund_position(fund).available == Decimal("1000000")


def test_a_round_that_is_not_ready_is_not_published_and_says_why(signed_in, draft_round):
    page = signed_in.get(reverse("funds:manage-round", args=[draft_round.pk])).content.decode()
    assert "Give the round a budget" in page and "Add at least one assessment criterion" in page
    html = _errors(signed_in.post(reverse("funds:manage-round-publish", args=[draft_round.pk])))
    assert "Give the round a budget before publishing it" in html
    assert "Add at least one assessment criterion before publishing the round" in html
    draft_round.refresh_from_db()
    assert draft_round.published_at is None
    assert AuditEntry.objects.filter(action="funds.round_publish_refused").exists()


def test_a_round_whose_closing_date_passed_is_not_published(signed_in, draft_round, admin):
    services.round_budget_allocate(actor=admin, round=draft_round, amount="1000")
    services.criterion_add(actor=admin, round=draft_round, name="Need", weight="1")
    Round.objects.filter(pk=draft_round.pk).update(opens_at=timezone.now() - datetime.timedelta(days=9),
                                                   closes_at=timezone.now() - datetime.timedelta(days=1))
    html = _errors(signed_in.post(reverse("funds:manage-round-publish", args=[draft_round.pk])))
    assert "The round&#x27;s closing date has passed" in html


def test_a_ready_round_is_published(signed_in, draft_round, admin):
    services.round_budget_allocate(actor=admin, round=draft_round, amount="20000")
    services.criterion_add(actor=admin, round=draft_round, name="Need", weight="1")
    url = reverse("funds:manage-round-publish", args=[draft_round.pk])
    assert "Publish the round" in signed_in.get(url).content.decode()
    assert signed_in.post(url).status_code == 302
    draft_round.refresh_from_db()
    assert draft_round.published_at is not None
    assert AuditEntry.objects.filter(action="funds.round_published", actor=admin).exists()
    page = signed_in.get(reverse("funds:manage-round", args=[draft_round.pk])).content.decode()
    assert "Open" in page and reverse("funds:manage-question-kind", args=[draft_round.pk]) not in page
    assert signed_in.get(url).status_code == 302  # already published: back to the round


# Left-behind neighbourhoods -------------------------------------------------------------------------------------

def _csv(text: str, name="wards.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_importing_the_left_behind_list_replaces_it(signed_in):
    LeftBehindNeighbourhood.objects.create(ward_code="E05000001", name="Old")
    response = signed_in.post(reverse("funds:manage-left-behind"), {
        "list_name": "Local Trust 2019",
        "file": _csv("\ufeffward code,ward name\nE05001234,Hendon\n\nE05001235,Millfield\n")})
    assert response.status_code == 302
    assert set(LeftBehindNeighbourhood.objects.values_list("ward_code", flat=True)) == {"E05001234", "E05001235"}
    html = signed_in.get(reverse("funds:manage-left-behind")).content.decode()
    assert "The list holds 2 wards" in html and "Hendon" in html and "Local Trust 2019" in html


def test_a_left_behind_file_with_bad_lines_names_each_line_and_changes_nothing(signed_in):
    LeftBehindNeighbourhood.objects.create(ward_code="E05000001", name="Old")
    html = _errors(signed_in.post(reverse("funds:manage-left-behind"), {
        "list_name": "Local Trust 2019", "file": _csv("ward code,ward name\nE05001234,Hendon\nX1,Bad\n,Empty\n")}))
    assert "Row 3: X1 is not a ward code, like E05001234" in html
    assert "Row 4:" in html
    assert list(LeftBehindNeighbourhood.objects.values_list("ward_code", flat=True)) == ["E05000001"]
    assert AuditEntry.objects.filter(action="funds.left_behind_import_refused").exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"list_name": "L", "file": _csv("code,name\nE05001234,Hendon\n")}, "a column called ward code"),
    ({"list_name": "L", "file": _csv("ward code\n")}, "The file has no wards in it"),
    ({"list_name": "", "file": _csv("ward code\nE05001234\n")}, "Enter the name of the list"),
    ({"list_name": "L", "file": _csv("ward code\nE05001234\n", name="wards.pdf")}, "The selected file must be a CSV"),
    ({"list_name": "L"}, "Select a CSV file"),
    ({"list_name": "L", "file": SimpleUploadedFile("w.csv", b"\xff\xfe\x00bad")}, "saved as UTF-8"),
])
def test_bad_left_behind_files_are_refused(signed_in, data, message):
    html = _errors(signed_in.post(reverse("funds:manage-left-behind"), data))
    assert message in html
    assert not LeftBehindNeighbourhood.objects.exists()


# Dashboards ----------------------------------------------------------------------------------------------------

@pytest.fixture
def decided(round_, admin, assessor, finance):
    """One award paid in part, in decile 1, and one rejection."""
    place = Place(decile=1)
    award, applicant = recommended(round_, admin, assessor, amount="20000", place=place)
    services.application_approve(actor=admin, application=award, amount="20000", reasons="Good")
    services.agreement_accept(actor=applicant, application=award, full_name="Sam", role="Chair")
    first, _second = services.tranches_schedule(
        actor=admin, application=award, tranches=[{"amount": "5000", "due_on": award.project_start},
                                                  {"amount": "15000", "due_on": award.project_end}])
    services.tranche_release(actor=finance, tranche=first)
    rejected, _ = recommended(round_, admin, assessor)
    services.application_reject(actor=admin, application=rejected, reasons="Not this time")
    return {"award": award, "place": place}


def test_the_dashboard_draws_each_chart_with_its_figures_in_a_table(signed_in, fund, round_, decided):
    response = signed_in.get(reverse("funds:manage-dashboard", args=[fund.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg xmlns") >= 4 and 'aria-hidden="true"' in html
    assert "Committed and paid against budget" in html and "£200,000" in html and "£5,000" in html
    assert "Decile 1" in html and "£20,000" in html
    assert "England" in html and decided["place"].local_authority.name in html
    assert "Applications decided" in html and "Fast-track decisions within 10 working days" in html
    for section in ("budget", "imd-decile", "nation", "local-authority", "decision-times"):
        assert reverse("funds:manage-dashboard-csv", args=[fund.slug, section]) in html


def test_an_empty_dashboard_says_so(signed_in, fund):
    html = signed_in.get(reverse("funds:manage-dashboard", args=[fund.slug])).content.decode()
    assert "No rounds yet." in html and "No awards yet." in html and "None decided yet" in html


def test_fast_track_decisions_are_measured_against_the_target(signed_in, fund, admin, assessor, finance):
    from funds.models import Application
    from tests.funds.factories import funded, open_round

    funded(fund, admin)
    fast = open_round(fund, admin, fast_track=True, max_amount="10000")
    quick, _ = recommended(fast, admin, assessor, amount="5000")
    services.application_approve(actor=admin, application=quick, amount="5000", reasons="Good")
    slow, _ = recommended(fast, admin, assessor, amount="5000")
    services.application_approve(actor=admin, application=slow, amount="5000", reasons="Good")
    Application.objects.filter(pk=slow.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=30))
    html = signed_in.get(reverse("funds:manage-dashboard", args=[fund.slug])).content.decode()
    assert "1 of 2" in html and "1 missed the target" in html
    csv_text = signed_in.get(reverse("funds:manage-dashboard-csv", args=[fund.slug, "decision-times"])
                             ).content.decode()
    assert "fast_track_decided,2" in csv_text and "fast_track_within_target,1" in csv_text
    assert "fast_track_target_working_days,10" in csv_text


def test_each_chart_downloads_as_csv(signed_in, fund, round_, decided):
    def csv_of(section):
        response = signed_in.get(reverse("funds:manage-dashboard-csv", args=[fund.slug, section]))
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert f'filename="{fund.slug}-{section}.csv"' in response["Content-Disposition"]
        return response.content.decode().splitlines()

    budget = csv_of("budget")
    assert budget[0] == "round,programme,budget,committed,paid,uncommitted,awards"
    assert budget[1].startswith(f"{round_.name},{round_.programme.name},200000.00,20000.00,5000.00,180000.00,1")
    assert csv_of("imd-decile") == ["imd_decile,awards,awarded,paid", "1,1,20000.00,5000.00"]
    assert csv_of("nation")[1] == "England,1,20000.00,5000.00"
    assert csv_of("local-authority")[1].startswith(decided["place"].local_authority.name)
    assert csv_of("decision-times")[1] == "decided,2"
    assert signed_in.get(reverse("funds:manage-dashboard-csv", args=[fund.slug, "secrets"])).status_code == 404


def test_the_dashboards_page_goes_to_the_only_fund(signed_in, fund):
    response = signed_in.get(reverse("funds:manage-dashboards"))
    assert response.status_code == 302 and response.url == reverse("funds:manage-dashboard", args=[fund.slug])


# Who may not ---------------------------------------------------------------------------------------------------

def _every_page(fund, round_):
    question, criterion = round_.questions.first(), round_.criteria.first()
    return [
        reverse("funds:manage-fund", args=[fund.slug]),
        reverse("funds:manage-capital", args=[fund.slug]),
        reverse("funds:manage-fund-settings", args=[fund.slug]),
        reverse("funds:manage-programme-add", args=[fund.slug]),
        reverse("funds:manage-round-add", args=[fund.slug, round_.programme.slug]),
        reverse("funds:manage-round", args=[round_.pk]),
        reverse("funds:manage-round-edit", args=[round_.pk]),
        reverse("funds:manage-question-kind", args=[round_.pk]),
        reverse("funds:manage-question-add", args=[round_.pk, "text"]),
        reverse("funds:manage-question-remove", args=[round_.pk, question.pk]),
        reverse("funds:manage-criterion-add", args=[round_.pk]),
        reverse("funds:manage-criterion-remove", args=[round_.pk, criterion.pk]),
        reverse("funds:manage-budget-allocate", args=[round_.pk]),
        reverse("funds:manage-budget-return", args=[round_.pk]),
        reverse("funds:manage-round-publish", args=[round_.pk]),
        reverse("funds:manage-dashboard", args=[fund.slug]),
        reverse("funds:manage-dashboard-csv", args=[fund.slug, "budget"]),
    ]


def test_anonymous_people_are_sent_to_sign_in(client, fund, round_):
    for url in [*_every_page(fund, round_), reverse("funds:manage"), reverse("funds:manage-left-behind"),
                reverse("funds:manage-dashboards")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login")), url


def test_another_funds_administrators_and_others_get_404_and_change_nothing(client, fund, round_):
    other_fund = FundFactory()
    people = [administrator_of(other_fund), assessor_of(fund), UserFactory()]
    budget = round_.budget
    for person in people:
        client.force_login(person)
        for url in _every_page(fund, round_):
            assert client.get(url).status_code == 404, (person, url)
            assert client.post(url, {"amount": "5", "name": "X", "weight": "1"}).status_code == 404, (person, url)
    round_.refresh_from_db()
    assert round_.budget == budget and round_.published_at is not None
    assert round_.questions.count() == 2 and round_.criteria.count() == 2
    assert Programme.objects.filter(fund=fund).count() == 1


def test_people_who_administer_no_fund_see_no_funds_list_or_left_behind_list(client):
    client.force_login(UserFactory())
    for name in ("funds:manage", "funds:manage-left-behind", "funds:manage-dashboards"):
        assert client.get(reverse(name)).status_code == 404


def test_missing_objects_are_404(signed_in, fund, round_):
    assert signed_in.get(reverse("funds:manage-fund", args=["no-such-fund"])).status_code == 404
    assert signed_in.get(reverse("funds:manage-round", args=[999999])).status_code == 404
    assert signed_in.get(reverse("funds:manage-round-add", args=[fund.slug, "no-such-programme"])).status_code == 404
    assert signed_in.get(reverse("funds:manage-question-remove", args=[round_.pk, 999999])).status_code == 404


def test_administrators_without_an_authenticator_app_are_sent_to_set_one_up(client, fund):
    from covenant.organisations.models import Role
    from tests.organisations.factories import MembershipFactory

    person = UserFactory()
    MembershipFactory(organisation=fund.organisation, user=person, roles=[Role.FUND_ADMINISTRATOR])
    client.force_login(person)
    response = client.get(reverse("funds:manage-fund", args=[fund.slug]))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
