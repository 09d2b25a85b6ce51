"""The pages councils keep for their area, through the real views: electorate figures (one by one or from a CSV
file, rechecking open petitions), the catalogue of powers, and the public map of a council's parishes."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from parishes.models import Electorate, Power, ProposalStatus
from tests.accounts.factories import enrol_totp

from .factories import ProposalFactory, SignatureFactory, neighbourhood, shifted, standard_power

pytestmark = pytest.mark.django_db

ELECTORATE = reverse("parishes:council-electorate")
POWERS = reverse("parishes:council-powers")


def page(name, authority):
    return reverse(f"parishes:{name}", args=[authority.code])


def html_of(response) -> str:
    return response.content.decode()


def as_of(day):
    return {"as_of_0": day.day, "as_of_1": day.month, "as_of_2": day.year}


def last_month():
    return timezone.localdate() - datetime.timedelta(days=30)


@pytest.fixture
def officer(hood):
    enrol_totp(hood.officer)
    return hood.officer


@pytest.fixture
def other(db):
    """A second council with an officer who uses an authenticator."""
    durham = neighbourhood("E06000047", "County Durham", inside="DH1 1AA", outside="DH9 9AA")
    enrol_totp(durham.officer)
    return durham


def csv_file(text: str, name: str = "electors.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


# Electorate ------------------------------------------------------------------------------------------------------

def test_an_officer_records_a_wards_electors_and_sees_them_listed(client, hood, officer):
    client.force_login(officer)
    html = html_of(client.get(ELECTORATE))
    assert "Sunderland" in html and "No figures recorded yet." in html
    assert page("council-electorate-record", hood.local_authority) in html
    response = client.post(page("council-electorate-record", hood.local_authority),
                           {"area": f"ward:{hood.ward.code}", "electors": "1250", **as_of(last_month())})
    assert response.status_code == 302 and response.url == page("council-electorate-authority", hood.local_authority)
    figure = Electorate.objects.get()
    assert (figure.ward, figure.electors, figure.as_of, figure.entered_by) == (hood.ward, 1250, last_month(), officer)
    html = html_of(client.get(response.url))
    assert "1,250 electors recorded for" in html and hood.ward.code in html and "1250" in html
    assert "1 figure recorded" in html_of(client.get(ELECTORATE))


@pytest.mark.parametrize(("area", "electors", "day", "message"), [
    (None, "1250", "past", "Choose a ward or LSOA of Sunderland (E08000024)"),
    ("ward:E05999999", "1250", "past", "Choose a ward or LSOA of Sunderland (E08000024)"),
    ("ward", "many", "past", "Enter the number of electors as a whole number, like 1250"),
    ("ward", "-4", "past", "Enter the number of electors as a whole number, like 1250"),
    ("ward", "", "past", "Enter the number of electors, like 1250"),
    ("ward", "10", "future", "The date of the figure must be today or in the past"),
    ("ward", "10", None, "Enter the date of the figure, like 1 12 2025"),
])
def test_a_bad_figure_says_what_to_fix_and_records_nothing(client, hood, officer, area, electors, day, message):
    client.force_login(officer)
    data = {"electors": electors}
    if area:
        data["area"] = f"ward:{hood.ward.code}" if area == "ward" else area
    if day:
        data |= as_of(last_month() if day == "past" else timezone.localdate() + datetime.timedelta(days=3))
    response = client.post(page("council-electorate-record", hood.local_authority), data)
    assert response.status_code == 200
    html = html_of(response)
    assert "There is a problem" in html and message in html
    assert not Electorate.objects.exists()


def test_another_councils_ward_is_not_offered_and_is_refused(client, hood, officer, other):
    client.force_login(officer)
    html = html_of(client.get(page("council-electorate-record", hood.local_authority)))
    assert hood.ward.code in html and other.ward.code not in html
    response = client.post(page("council-electorate-record", hood.local_authority),
                           {"area": f"ward:{other.ward.code}", "electors": "10", **as_of(last_month())})
    assert "Choose a ward or LSOA of Sunderland" in html_of(response)
    assert not Electorate.objects.exists()


def test_new_figures_make_a_petition_that_has_enough_signatures_valid(client, hood, officer):
    petition = ProposalFactory(status=ProposalStatus.PUBLISHED, name="Hendon Green")
    petition.covering_authorities.add(hood.local_authority)
    for _ in range(4):  # 37.5% of 10 electors is 3.75, so 4 signatures are enough
        SignatureFactory(proposal=petition)
    client.force_login(officer)
    response = client.post(page("council-electorate-record", hood.local_authority),
                           {"area": f"ward:{hood.ward.code}", "electors": "10", **as_of(last_month())}, follow=True)
    petition.refresh_from_db()
    assert petition.status == ProposalStatus.VALID
    assert "The petition for Hendon Green has reached its threshold with these figures and is now valid" in \
        html_of(response)


def test_a_csv_file_is_imported(client, hood, officer):
    client.force_login(officer)
    day = last_month().isoformat()
    text = f"code,electors,as_of\n{hood.ward.code},4210,{day}\n{hood.lsoa.code},1530,{day}\n"
    response = client.post(page("council-electorate-import", hood.local_authority), {"file": csv_file(text)})
    assert response.status_code == 302
    assert sorted(Electorate.objects.values_list("electors", flat=True)) == [1530, 4210]
    assert "2 figures imported" in html_of(client.get(response.url))


def test_a_csv_file_with_bad_lines_names_each_by_number_and_imports_nothing(client, hood, officer, other):
    client.force_login(officer)
    day = last_month().isoformat()
    text = (f"code,electors,as_of\n{hood.ward.code},4210,{day}\n{other.ward.code},10,{day}\n"
            f"{hood.lsoa.code},lots,{day}\n{hood.ward.code},5,yesterday\n")
    response = client.post(page("council-electorate-import", hood.local_authority), {"file": csv_file(text)})
    assert response.status_code == 200
    html = html_of(response)
    assert "There is a problem" in html
    assert f"Line 3: {other.ward.code} is not a ward or LSOA of Sunderland" in html
    assert "Line 4: enter the electors as a whole number, like 1250" in html
    assert "Line 5: enter the date as YYYY-MM-DD, like 2025-12-01" in html
    assert not Electorate.objects.exists()


@pytest.mark.parametrize(("upload", "message"), [
    (None, "Select a CSV file"),
    (csv_file("code;electors\nE05,1\n"), "The first line of the file must be the column names code,electors,as_of"),
    (csv_file("code,electors,as_of\n"), "The file has no rows of figures"),
    (csv_file("x", name="electors.xlsx"), "The selected file must be a CSV"),
    (SimpleUploadedFile("electors.csv", "code,electors,as_of\nÉ,1,2025-01-01\n".encode("latin-1")),
     "The selected file must be a CSV saved as UTF-8"),
])
def test_a_bad_file_is_refused(client, hood, officer, upload, message):
    client.force_login(officer)
    response = client.post(page("council-electorate-import", hood.local_authority),
                           {"file": upload} if upload else {})
    assert response.status_code == 200 and message in html_of(response)
    assert not Electorate.objects.exists()


def test_an_officer_of_another_council_gets_a_404(client, hood, other):
    client.force_login(other.officer)
    for name in ("council-electorate-authority", "council-electorate-record", "council-electorate-import",
                 "council-power-add"):
        assert client.get(page(name, hood.local_authority)).status_code == 404, name
    response = client.post(page("council-electorate-record", hood.local_authority),
                           {"area": f"ward:{hood.ward.code}", "electors": "10", **as_of(last_month())})
    assert response.status_code == 404
    response = client.post(page("council-power-add", hood.local_authority), {"name": "Run the library"})
    assert response.status_code == 404
    assert not Electorate.objects.exists() and not Power.objects.filter(local_authority__isnull=False).exists()
    # Their own index lists their own council only.
    html = html_of(client.get(ELECTORATE))
    assert "County Durham" in html and page("council-electorate-authority", hood.local_authority) not in html


def test_the_councils_pages_are_404_to_residents(client, hood):
    client.force_login(hood.resident())
    for path in (ELECTORATE, POWERS, page("council-electorate-authority", hood.local_authority),
                 page("council-power-add", hood.local_authority)):
        assert client.get(path).status_code == 404, path


# Powers ----------------------------------------------------------------------------------------------------------

def test_the_catalogue_shows_the_standard_powers_and_the_councils_own(client, hood, officer, other):
    Power.objects.create(slug="durham-ferry", name="Run the ferry", local_authority=other.local_authority)
    client.force_login(officer)
    response = client.post(page("council-power-add", hood.local_authority),
                           {"name": "Run the community library", "description": "Open it on Sundays."})
    assert response.status_code == 302 and response.url == POWERS
    power = Power.objects.get(name="Run the community library")
    assert power.local_authority == hood.local_authority and power.created_by == officer
    html = html_of(client.get(POWERS))
    assert "Run the community library" in html and "Open it on Sundays." in html
    assert standard_power().name in html and "Run the ferry" not in html


@pytest.mark.parametrize(("name", "message"), [
    ("", "Enter a name for the power"),
    ("Look after green spaces", "There is already a power called Look after green spaces"),
])
def test_a_power_without_a_name_or_named_like_another_is_refused(client, hood, officer, name, message):
    client.force_login(officer)
    response = client.post(page("council-power-add", hood.local_authority), {"name": name})
    assert response.status_code == 200 and message in html_of(response)
    assert not Power.objects.filter(local_authority__isnull=False).exists()


# A council's map ---------------------------------------------------------------------------------------------------

def test_a_councils_map_shows_its_proposed_and_active_parishes(client, hood, other):
    active = ProposalFactory(status=ProposalStatus.APPROVED, name="Hendon Active")
    proposed = ProposalFactory(status=ProposalStatus.PUBLISHED, name="Millfield Petition", area=shifted(dx=0.05))
    rejected = ProposalFactory(status=ProposalStatus.REJECTED, name="Deptford Rejected")
    elsewhere = ProposalFactory(status=ProposalStatus.APPROVED, name="Durham Active")
    draft = ProposalFactory(name="Secret Draft")
    for proposal in (active, proposed, rejected, draft):
        proposal.covering_authorities.add(hood.local_authority)
    elsewhere.covering_authorities.add(other.local_authority)

    response = client.get(page("council-map", hood.local_authority))
    assert response.status_code == 200
    html = html_of(response)
    assert "Pop-up parishes in Sunderland" in html and "data-areas-map" in html
    active_part, rest = html.split("Proposals and petitions", 1)
    assert "Hendon Active" in active_part and "Millfield Petition" in rest and "Deptford Rejected" in rest
    assert reverse("parishes:proposal", args=[active.slug]) in html
    assert "Durham Active" not in html and "Secret Draft" not in html

    # The public list links to each council's map.
    listing = html_of(client.get(reverse("parishes:list")))
    assert page("council-map", hood.local_authority) in listing and page("council-map", other.local_authority) in listing


def test_an_unknown_councils_map_is_404(client, db):
    assert client.get(reverse("parishes:council-map", args=["E99999999"])).status_code == 404
    assert client.get(reverse("parishes:council-map", args=["not-a-code"])).status_code == 404
