"""Setting funds up: funds, capital, an endowment's returns, valuations and drawdown rule, programmes, rounds
with their budgets, questions and criteria, and the list of left-behind neighbourhoods."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from funds import services
from funds.models import FundKind, LeftBehindNeighbourhood, TransactionKind
from funds.selectors import drawdown_left, fund_position, round_position, spending_limit
from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory

from .factories import EndowmentFactory, administrator_of, funded, open_round

pytestmark = pytest.mark.django_db


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict if hasattr(excinfo.value, "error_dict") else {"": excinfo.value.messages}


def test_a_fund_administrator_sets_up_a_fund_with_the_default_limits(settings):
    organisation = VerifiedOrganisationFactory()
    person = MembershipFactory(organisation=organisation, roles=["fund_administrator"]).user
    fund = services.fund_create(actor=person, organisation=organisation, name="Community Recovery Fund",
                                kind=FundKind.RECOVERY, source="Dormant accounts", identifier_prefix="360G-crf")
    assert fund.identifier_prefix == "crf" and fund.funder_org_id == organisation.org_id
    assert fund.fast_track_limit == settings.FUNDS_FAST_TRACK_LIMIT == Decimal("10000")
    assert fund.second_approval_threshold == Decimal("50000") and fund.drawdown_rate == Decimal("0.035")
    assert AuditEntry.objects.filter(action="funds.fund_created", target_id=str(fund.pk)).exists()


def test_bad_fund_details_are_named_and_others_cannot_create_funds(fund):
    organisation = fund.organisation
    person = administrator_of(fund)
    with pytest.raises(ValidationError) as excinfo:
        services.fund_create(actor=person, organisation=organisation, name="", kind="lottery", source="",
                             identifier_prefix=fund.identifier_prefix, funder_org_id="charity 42",
                             second_approval_threshold="-1", drawdown_rate="50%", drawdown_years=0)
    errors = _errors(excinfo)
    assert set(errors) == {"name", "kind", "source", "identifier_prefix", "funder_org_id",
                           "second_approval_threshold", "drawdown_rate", "drawdown_years"}
    assert errors["identifier_prefix"] == ["Another fund uses this 360Giving prefix: choose another"]
    coordinator = MembershipFactory(organisation=organisation, roles=["coordinator"]).user
    with pytest.raises(PermissionDenied):
        services.fund_create(actor=coordinator, organisation=organisation, name="X", kind="recovery", source="Y",
                             identifier_prefix="xyz")


def test_fund_limits_are_changed_with_an_audit_of_before_and_after(fund, admin):
    services.fund_update(actor=admin, fund=fund, second_approval_threshold="25000", fast_track_limit="£5,000")
    fund.refresh_from_db()
    assert fund.second_approval_threshold == Decimal("25000") and fund.fast_track_limit == Decimal("5000")
    entry = AuditEntry.objects.get(action="funds.fund_updated")
    assert entry.changes["second_approval_threshold"] == ["50000.00", "25000.00"]


def test_a_recovery_funds_capital_is_available_at_once(fund, admin):
    services.fund_capital_record(actor=admin, fund=fund, amount="500000", received_on=timezone.localdate())
    position = fund_position(fund)
    assert position.capital == position.available == Decimal("500000")
    with pytest.raises(ValidationError, match="today or in the past"):
        services.fund_capital_record(actor=admin, fund=fund, amount="1",
                                     received_on=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="Only an endowment"):
        services.endowment_return_record(actor=admin, fund=fund, amount="1", received_on=timezone.localdate())


def test_an_endowments_spending_limit_follows_the_drawdown_rule():
    fund = EndowmentFactory()
    admin = administrator_of(fund)
    today = timezone.localdate()
    services.fund_capital_record(actor=admin, fund=fund, amount="2000000000", received_on=today)
    services.endowment_return_record(actor=admin, fund=fund, amount="50000000", received_on=today)
    position = fund_position(fund)
    assert position.invested == Decimal("2050000000") and position.available == 0
    year = today.year
    assert spending_limit(fund, year) == 0
    for offset, value in ((3, "1900000000"), (2, "2000000000"), (1, "2100000000")):
        services.endowment_valuation_record(actor=admin, fund=fund, valued_on=datetime.date(year - offset, 6, 30),
                                            value="1")
        services.endowment_valuation_record(actor=admin, fund=fund, valued_on=datetime.date(year - offset, 12, 31),
                                            value=value)
    # 3.5% of the average of the last three year-end valuations (£2bn).
    assert spending_limit(fund, year) == Decimal("70000000.00")
    services.endowment_drawdown(actor=admin, fund=fund, amount="60000000")
    assert drawdown_left(fund, year) == Decimal("10000000.00")
    with pytest.raises(ValidationError) as excinfo:
        services.endowment_drawdown(actor=admin, fund=fund, amount="10000000.01")
    assert _errors(excinfo)["amount"] == ["The drawdown rule allows £70,000,000 this year and £10,000,000 is left: "
                                          "enter £10,000,000 or less"]
    assert fund_position(fund).available == Decimal("60000000")
    assert AuditEntry.objects.filter(action="funds.endowment_drawdown_refused").count() == 1


def test_the_drawdown_rule_is_configurable_per_fund():
    fund = EndowmentFactory(drawdown_rate=Decimal("0.032"), drawdown_years=1)
    admin = administrator_of(fund)
    year = timezone.localdate().year
    services.endowment_valuation_record(actor=admin, fund=fund, valued_on=datetime.date(year - 2, 12, 31),
                                        value="5000000")
    services.endowment_valuation_record(actor=admin, fund=fund, valued_on=datetime.date(year - 1, 12, 31),
                                        value="1000000")
    assert spending_limit(fund, year) == Decimal("32000.00")
    with pytest.raises(ValidationError, match="already a valuation on this date"):
        services.endowment_valuation_record(actor=admin, fund=fund, valued_on=datetime.date(year - 1, 12, 31),
                                            value="2")


def test_a_round_budget_cannot_exceed_what_the_fund_has_available(fund, admin):
    funded(fund, admin, amount="100000")
    programme = services.programme_create(actor=admin, fund=fund, name="Crisis grants", code="CRF-CRISIS")
    start = timezone.now()
    with pytest.raises(ValidationError) as excinfo:
        services.round_create(actor=admin, programme=programme, name="Big", opens_at=start,
                              closes_at=start + datetime.timedelta(days=10), min_amount="1000",
                              max_amount="5000", budget="100000.01")
    assert _errors(excinfo)["budget"] == ["The fund has £100,000 available to allocate: enter a budget of that or "
                                          "less"]
    assert not programme.rounds.exists()
    round_ = services.round_create(actor=admin, programme=programme, name="Right", opens_at=start,
                                   closes_at=start + datetime.timedelta(days=10), min_amount="1000",
                                   max_amount="5000", budget="60000")
    services.round_budget_allocate(actor=admin, round=round_, amount="40000")
    services.round_budget_return(actor=admin, round=round_, amount="10000")
    round_.refresh_from_db()
    assert round_.budget == Decimal("90000") and round_position(round_).uncommitted == Decimal("90000")
    assert fund_position(fund).available == Decimal("10000")
    with pytest.raises(ValidationError, match="The round has £90,000 not committed"):
        services.round_budget_return(actor=admin, round=round_, amount="90001")


def test_bad_round_details_are_named(fund, admin):
    funded(fund, admin)
    programme = services.programme_create(actor=admin, fund=fund, name="Crisis grants", code="CRF-CRISIS")
    now = timezone.now()
    with pytest.raises(ValidationError) as excinfo:
        services.round_create(actor=admin, programme=programme, name=" ", opens_at=now,
                              closes_at=now - datetime.timedelta(days=1), min_amount="5000", max_amount="1000",
                              max_months=0, organisation_types=["pirates"], local_authorities=["E08999999"],
                              deprivation_rule="sometimes", deprivation_max_decile=11, deprivation_weight="9")
    errors = _errors(excinfo)
    assert errors["closes_at"] == ["The round must close in the future"]
    assert errors["max_amount"] == ["The largest grant must be at least the smallest grant"]
    assert errors["local_authorities"] == ["We do not know these local authorities: E08999999. Enter ONS codes, "
                                           "like E08000024"]
    assert {"name", "max_months", "organisation_types", "deprivation_rule", "deprivation_max_decile",
            "deprivation_weight"} <= set(errors)


def test_a_fast_track_rounds_largest_grant_is_within_the_funds_limit(fund, admin):
    funded(fund, admin)
    programme = services.programme_create(actor=admin, fund=fund, name="Fast", code="FAST")
    now = timezone.now()
    with pytest.raises(ValidationError, match="no more than the fund's fast-track limit of £10,000"):
        services.round_create(actor=admin, programme=programme, name="Fast", opens_at=now,
                              closes_at=now + datetime.timedelta(days=5), min_amount="500", max_amount="20000",
                              fast_track=True)
    endowment = EndowmentFactory(organisation=fund.organisation)
    long_term = services.programme_create(actor=admin, fund=endowment, name="Long", code="LONG")
    with pytest.raises(ValidationError, match="Only a recovery fund makes fast-track grants"):
        services.round_create(actor=admin, programme=long_term, name="Fast", opens_at=now,
                              closes_at=now + datetime.timedelta(days=5), min_amount="500", max_amount="2000",
                              fast_track=True)


def test_a_published_round_changes_only_its_description_and_a_later_close(round_, admin):
    with pytest.raises(ValidationError, match="only its description and closing date"):
        services.round_update(actor=admin, round=round_, max_amount="1")
    with pytest.raises(ValidationError, match="can only move later"):
        services.round_update(actor=admin, round=round_, closes_at=round_.closes_at - datetime.timedelta(days=1))
    later = round_.closes_at + datetime.timedelta(days=7)
    services.round_update(actor=admin, round=round_, closes_at=later, description="Extended")
    round_.refresh_from_db()
    assert round_.closes_at == later
    with pytest.raises(ValidationError, match="can no longer change"):
        services.question_add(actor=admin, round=round_, label="Late question", kind="text")


def test_publishing_needs_a_budget_and_a_criterion(fund, admin):
    funded(fund, admin)
    programme = services.programme_create(actor=admin, fund=fund, name="Crisis grants", code="C1")
    now = timezone.now()
    round_ = services.round_create(actor=admin, programme=programme, name="Empty", opens_at=now,
                                   closes_at=now + datetime.timedelta(days=5), min_amount="500", max_amount="2000")
    with pytest.raises(ValidationError) as excinfo:
        services.round_publish(actor=admin, round=round_)
    assert excinfo.value.messages == ["Give the round a budget before publishing it",
                                      "Add at least one assessment criterion before publishing the round"]


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"kind": "essay"}, "kind", "Select the kind of answer"),
    ({"kind": "choice", "choices": ["Only one"]}, "choices", "Enter at least 2 options"),
    ({"kind": "choice", "choices": ["Same", "Same"]}, "choices", "Each option must be different"),
    ({"kind": "file", "allowed_types": ["exe"]}, "allowed_types", "Select file types from the list"),
    ({"kind": "file", "allowed_types": ["pdf"], "max_file_bytes": 10**9}, "max_file_bytes",
     "Enter the largest file size in bytes, up to 10MB"),
    ({"kind": "text", "max_length": 0}, "max_length", "Enter the longest answer"),
    ({"kind": "text", "label": ""}, "label", "Enter the question"),
])
def test_bad_questions_are_refused(fund, admin, kwargs, field, message):
    funded(fund, admin)
    programme = services.programme_create(actor=admin, fund=fund, name="Crisis grants", code="C1")
    now = timezone.now()
    round_ = services.round_create(actor=admin, programme=programme, name="Draft", opens_at=now,
                                   closes_at=now + datetime.timedelta(days=5), min_amount="500", max_amount="2000")
    with pytest.raises(ValidationError) as excinfo:
        services.question_add(actor=admin, round=round_, **{"label": "Q", **kwargs})
    assert _errors(excinfo)[field][0].startswith(message)


def test_criteria_have_positive_weights_and_distinct_names(fund, admin):
    funded(fund, admin)
    programme = services.programme_create(actor=admin, fund=fund, name="Crisis grants", code="C1")
    now = timezone.now()
    round_ = services.round_create(actor=admin, programme=programme, name="Draft", opens_at=now,
                                   closes_at=now + datetime.timedelta(days=5), min_amount="500", max_amount="2000")
    services.criterion_add(actor=admin, round=round_, name="Need", weight="2.5")
    with pytest.raises(ValidationError) as excinfo:
        services.criterion_add(actor=admin, round=round_, name="need", weight="0")
    assert _errors(excinfo) == {"name": ["The round already has a criterion with this name"],
                                "weight": ["Enter a weight of more than 0 and up to 100, like 1 or 2.5"]}


def test_programme_codes_are_unique_within_a_fund(fund, admin):
    services.programme_create(actor=admin, fund=fund, name="Crisis grants", code="CRF-1")
    with pytest.raises(ValidationError, match="Another programme of this fund has this code"):
        services.programme_create(actor=admin, fund=fund, name="Other", code="crf-1")
    with pytest.raises(ValidationError, match="up to 60 letters"):
        services.programme_create(actor=admin, fund=fund, name="Other", code="CRF 2")


def test_someone_elses_fund_cannot_be_run(fund, admin):
    other_admin = administrator_of(EndowmentFactory())
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=other_admin, fund=fund, name="Mine", code="MINE")
    with pytest.raises(PermissionDenied):
        services.fund_capital_record(actor=other_admin, fund=fund, amount="1", received_on=timezone.localdate())
    assert AuditEntry.objects.filter(action__endswith="_refused", actor=other_admin).count() == 2


def test_the_left_behind_list_is_imported_and_replaced(fund, admin):
    count = services.left_behind_import(actor=admin, list_name="Local Trust 2019",
                                        csv_text="\ufeffWard code,Ward name,Region\nE05001234,Hendon,NE\n"
                                                 "e05001235, Pallion,NE\n\n")
    assert count == 2 and LeftBehindNeighbourhood.objects.get(ward_code="E05001235").name == "Pallion"
    services.left_behind_import(actor=admin, list_name="Local Trust 2020", csv_text="ward code\nE05001235\n")
    assert list(LeftBehindNeighbourhood.objects.values_list("ward_code", "list_name")) == [
        ("E05001235", "Local Trust 2020")]
    with pytest.raises(ValidationError) as excinfo:
        services.left_behind_import(actor=admin, list_name="Bad", csv_text="ward code\nE05001236\nHENDON\n")
    assert _errors(excinfo)["csv_text"] == ["Row 3: HENDON is not a ward code, like E05001234"]
    assert LeftBehindNeighbourhood.objects.count() == 1
    with pytest.raises(ValidationError, match="column called ward code"):
        services.left_behind_import(actor=admin, list_name="Bad", csv_text="name\nHendon\n")
    with pytest.raises(PermissionDenied):
        services.left_behind_import(actor=MembershipFactory().user, list_name="X", csv_text="ward code\nE05001236\n")


def test_money_positions_add_up_across_funds(fund, admin):
    funded(fund, admin, amount="300000")
    round_ = open_round(fund, admin, budget="120000")
    assert fund_position(fund).available == Decimal("180000")
    assert round_position(round_).uncommitted == Decimal("120000")
    from funds.models import LedgerTransaction

    assert list(LedgerTransaction.objects.values_list("kind", flat=True)) == [TransactionKind.CAPITAL,
                                                                              TransactionKind.ALLOCATION]
