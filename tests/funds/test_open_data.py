"""Every award as 360Giving open data: the package validates against the official schemas (the grant schema's
published URL mapped to the local copy), identifiers and locations are in the standard's forms, the CSV uses
the standard's column titles, and the files follow awards as they change."""

import csv
import io
import json
import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from funds import open_data, services
from tests.organisations.factories import InformalGroupFactory, VerifiedOrganisationFactory

from .factories import Place, recommended

pytestmark = pytest.mark.django_db
GRANT_SCHEMA_URLS = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json",
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json",
)
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def _validator(shared_dir):
    """The package schema's validator, resolving the grant schema locally and asserting formats as
    360Giving's own checker does (date-time and uri, which jsonschema leaves to optional packages)."""
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    folder = shared_dir / "standards" / "360giving"
    grant_schema = json.loads((folder / "360-giving-schema.json").read_text())
    package_schema = json.loads((folder / "360-giving-package-schema.json").read_text())
    # The schemas name their dialect by an http:// address the library does not know, so it is said here.
    resource = DRAFT202012.create_resource(grant_schema)
    registry = Registry().with_resources([(url, resource) for url in GRANT_SCHEMA_URLS])
    checker = FormatChecker()

    @checker.checks("date-time")
    def is_date_time(value) -> bool:
        if not isinstance(value, str) or not _DATE_TIME.match(value):
            return False
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    @checker.checks("uri")
    def is_uri(value) -> bool:
        parts = urlsplit(value) if isinstance(value, str) else None
        return bool(parts and parts.scheme and parts.netloc)

    return Draft202012Validator(package_schema, registry=registry, format_checker=checker), grant_schema


@pytest.fixture
def awards(round_, admin, admin2, assessor, finance):
    """Three awards: a charity helping an LSOA (paid in part), a company helping a ward and a local authority
    (confirmed by a second administrator), and an informal group; plus applications that are not awards."""
    charity_place = Place(decile=1)
    charity, applicant = recommended(round_, admin, assessor, amount="20000", place=charity_place)
    services.application_approve(actor=admin, application=charity, amount="15000", reasons="Reduced")
    services.agreement_accept(actor=applicant, application=charity, full_name="Sam", role="Chair")
    (tranche,) = services.tranches_schedule(actor=admin, application=charity,
                                            tranches=[{"amount": "15000", "due_on": charity.project_start}])
    services.tranche_release(actor=finance, tranche=tranche)

    company_org = VerifiedOrganisationFactory(type="cic", charity_number="", company_number="SC123456",
                                              org_id="GB-COH-SC123456")
    place = Place(decile=4)
    company, _ = recommended(round_, admin, assessor, amount="60000", organisation=company_org,
                             areas=[place.ward.code, place.local_authority.code])
    services.application_approve(actor=admin, application=company, amount="60000", reasons="Good")
    services.decision_confirm(actor=admin2, application=company)

    group, _ = recommended(round_, admin, assessor, amount="1500", organisation=InformalGroupFactory(
        verification_status="verified"))
    services.application_approve(actor=admin, application=group, amount="1500", reasons="Good")

    waiting, _ = recommended(round_, admin, assessor, amount="90000")
    services.application_approve(actor=admin, application=waiting, amount="90000", reasons="Large")
    rejected, _ = recommended(round_, admin, assessor)
    services.application_reject(actor=admin, application=rejected, reasons="No")
    return {"charity": charity, "company": company, "group": group, "waiting": waiting, "rejected": rejected,
            "charity_place": charity_place, "company_place": place}


def test_the_package_validates_against_the_360giving_schemas(awards, shared_dir):
    validator, _grant_schema = _validator(shared_dir)
    package = json.loads(open_data.package_json())
    errors = sorted(validator.iter_errors(package), key=lambda error: list(error.path))
    assert not errors, [f"{list(error.path)}: {error.message}" for error in errors]
    assert len(package["grants"]) == 3


def test_a_package_that_breaks_the_standard_is_caught(awards, shared_dir):
    validator, _ = _validator(shared_dir)
    package = json.loads(open_data.package_json())
    del package["grants"][0]["fundingOrganization"]
    package["grants"][1]["awardDate"] = "26/11/2026"
    assert len(list(validator.iter_errors(package))) >= 2


def test_identifiers_locations_dates_and_programme_are_in_the_standards_forms(awards, round_):
    grants = {grant["id"]: grant for grant in json.loads(open_data.package_json())["grants"]}
    fund = round_.programme.fund
    charity, company, group = awards["charity"], awards["company"], awards["group"]
    assert set(grants) == {f"360G-{fund.identifier_prefix}-{a.pk}" for a in (charity, company, group)}
    first = grants[f"360G-{fund.identifier_prefix}-{charity.pk}"]
    assert first["recipientOrganization"][0]["id"] == charity.organisation.org_id
    assert first["recipientOrganization"][0]["id"].startswith("GB-CHC-")
    assert first["fundingOrganization"] == [{"id": fund.funder_org_id, "name": fund.organisation.name}]
    assert (first["amountAppliedFor"], first["amountAwarded"], first["amountDisbursed"]) == (20000, 15000, 15000)
    assert first["beneficiaryLocation"] == [{"name": awards["charity_place"].lsoa.name, "countryCode": "GB",
                                             "geoCode": awards["charity_place"].lsoa.code, "geoCodeType": "LSOA"}]
    assert first["plannedDates"][0]["startDate"] == charity.project_start.isoformat()
    assert first["grantProgramme"] == [{"code": round_.programme.code, "title": round_.programme.name}]
    second = grants[f"360G-{fund.identifier_prefix}-{company.pk}"]
    assert second["recipientOrganization"][0]["id"] == "GB-COH-SC123456"
    assert [(place["geoCode"], place["geoCodeType"]) for place in second["beneficiaryLocation"]] == [
        (awards["company_place"].ward.code, "WD"), (awards["company_place"].local_authority.code, "UA")]
    assert "amountDisbursed" not in second
    third = grants[f"360G-{fund.identifier_prefix}-{group.pk}"]
    assert third["recipientOrganization"][0]["id"].startswith("360G-covenant-org-")


def _titles(grant_schema) -> dict[tuple, str]:
    """The schema's title for each field path, as the standard's spreadsheets name columns."""
    definitions = grant_schema["$defs"]
    titles = {}
    for key, spec in grant_schema["properties"].items():
        # A field without a title (currency) is named after itself, as the standard's templates do.
        titles[(key,)] = spec.get("title") or key.capitalize()
        reference = spec.get("items", {}).get("$ref", "") if isinstance(spec.get("items"), dict) else ""
        if reference and "title" in spec:
            for sub, sub_spec in definitions[reference.rsplit("/", 1)[1]]["properties"].items():
                if "title" in sub_spec:
                    titles[(key, sub)] = f"{spec['title']}:{sub_spec['title']}"
    return titles


def test_the_csv_uses_the_standards_column_titles(awards, shared_dir):
    _validator_, grant_schema = _validator(shared_dir)
    titles = _titles(grant_schema)
    for title, array, key in open_data.COLUMNS:
        assert titles[(array, key) if array else (key,)] == title
    for title, key in open_data.LOCATION_COLUMNS:
        assert titles[("beneficiaryLocation", key)] == f"Beneficiary Location:{title}"
    rows = list(csv.DictReader(io.StringIO(open_data.grants_csv())))
    assert len(rows) == 3
    company = next(row for row in rows if row["Recipient Org:Identifier"] == "GB-COH-SC123456")
    assert company["Amount Awarded"] == "60000" and company["Beneficiary Location:Geographic Code Type"] == "WD"
    assert company["Beneficiary Location:1:Geographic Code Type"] == "UA"
    assert company["Grant Programme:Code"] == awards["company"].round.programme.code


def test_the_public_urls_serve_json_and_csv(awards, client):
    response = client.get(reverse("funds:360giving-json"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert len(response.json()["grants"]) == 3
    response = client.get("/funds/360giving.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith("Identifier,Title,Description,Currency")
    assert client.post("/funds/360giving.json").status_code == 405


def test_the_files_follow_awards_as_they_change(round_, admin, assessor, django_capture_on_commit_callbacks):
    assert json.loads(open_data.package_json())["grants"] == []
    assert cache.get(open_data.JSON_KEY) is not None
    application, _ = recommended(round_, admin, assessor)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(actor=admin, application=application, amount="5000", reasons="Good")
    assert [grant["amountAwarded"] for grant in json.loads(open_data.package_json())["grants"]] == [5000]
    assert "5000" in open_data.grants_csv()
