"""The deprivation (IoD File 7) and area-name importers, and their commands."""

import io

import pytest
from django.core.management import CommandError, call_command

from covenant.places.models import LSOA, LocalAuthority, Ward
from covenant.places.services import ImportFailed, areas_import, deprivation_import

from .factories import LocalAuthorityFactory, LSOAFactory, WardFactory
from .files import IOD2019_HEADER, IOD2025_HEADER, iod_csv, iod_row, to_csv

pytestmark = pytest.mark.django_db


def imd(data: bytes):
    return deprivation_import(actor=None, file=io.BytesIO(data))


def areas(data: bytes, kind=None):
    return areas_import(actor=None, file=io.BytesIO(data), kind=kind)


def test_iod2019_file_fills_lsoas_and_local_authority_names():
    LocalAuthorityFactory(code="E06000001", name="")
    LSOAFactory(code="E01011954", name="", imd_rank=None, imd_decile=None, imd_edition="")
    result = imd(iod_csv([
        iod_row("E01011954", name="Hartlepool 001A", rank="3521", decile="2"),
        iod_row("E01005200", name="Manchester 054C", la_code="E08000003", la_name="Manchester", rank="27",
                decile="1"),
    ]))
    assert (result.edition, result.rows, result.created, result.existing) == ("IoD2019", 2, 1, 1)
    hartlepool = LSOA.objects.get(code="E01011954")
    assert (hartlepool.name, hartlepool.imd_rank, hartlepool.imd_decile, hartlepool.imd_edition) == (
        "Hartlepool 001A", 3521, 2, "IoD2019")
    assert LocalAuthority.objects.get(code="E06000001").name == "Hartlepool"
    assert LSOA.objects.get(code="E01005200").local_authority.name == "Manchester"


def test_iod2025_edition_is_detected_from_the_headers():
    result = imd(iod_csv([iod_row("E01011954", rank="1", decile="1")], header=IOD2025_HEADER))
    assert result.edition == "IoD2025"
    assert LSOA.objects.get().imd_edition == "IoD2025"


def test_rerun_replaces_figures():
    imd(iod_csv([iod_row("E01011954", rank="10", decile="1")]))
    imd(iod_csv([iod_row("E01011954", rank="9000", decile="3")], header=IOD2025_HEADER))
    lsoa = LSOA.objects.get()
    assert (lsoa.imd_rank, lsoa.imd_decile, lsoa.imd_edition) == (9000, 3, "IoD2025")


@pytest.mark.parametrize(
    "row, message",
    [
        (iod_row("E0101195"), "Line 3: LSOA code “E0101195” must be an ONS code, like E01000001"),
        (iod_row(""), "Line 3: enter the LSOA code, like E01000001"),
        (iod_row("E01000002", name=" "), "Line 3: enter the LSOA name"),
        (iod_row("E01000002", la_code=""), "Line 3: enter the local authority code, like E06000001"),
        (iod_row("E01000002", rank="first"), "Line 3: IMD rank “first” must be a whole number from 1 to 40000"),
        (iod_row("E01000002", rank="0"), "Line 3: IMD rank “0” must be a whole number from 1 to 40000"),
        (iod_row("E01000002", decile="11"), "Line 3: IMD decile “11” must be a whole number from 1 to 10"),
        (iod_row("E01000001"), "Line 3: LSOA E01000001 is already on line 2"),
        (iod_row("E01000002", la_name="x" * 101), "Line 3: local authority name must be 100 characters or fewer"),
    ],
)
def test_bad_imd_rows_are_reported_by_line_and_nothing_is_imported(row, message):
    with pytest.raises(ImportFailed) as caught:
        imd(iod_csv([iod_row("E01000001"), row]))
    assert caught.value.errors == [message, "Nothing was imported."]
    assert not LSOA.objects.exists()
    assert not LocalAuthority.objects.exists()


def test_imd_missing_columns_are_named():
    header = [h for h in IOD2019_HEADER if "Decile" not in h and "LSOA name" not in h]
    with pytest.raises(ImportFailed) as caught:
        imd(to_csv(header, [["E01000001", "E06000001", "Hartlepool", "1", "1", "1", "1"]]))
    assert caught.value.errors == [
        "The file is missing these columns: LSOA name (2011) or LSOA name (2021); "
        "Index of Multiple Deprivation (IMD) Decile. "
        "Check it is the English Indices of Deprivation File 7 CSV file."
    ]


def test_imd_unknown_lsoa_year_is_rejected():
    header = [h.replace("(2011)", "(2031)") for h in IOD2019_HEADER]
    with pytest.raises(ImportFailed) as caught:
        imd(iod_csv([iod_row("E01000001")], header=header))
    assert "LSOA year this service does not know" in caught.value.errors[0]


def test_imd_empty_and_badly_encoded_files_are_rejected():
    with pytest.raises(ImportFailed, match="The file is empty"):
        imd(b"")
    with pytest.raises(ImportFailed, match="Line 2: the file is not UTF-8"):
        imd(iod_csv([iod_row("E01000001", name="Caf\u00e9 001A")]).decode().encode("cp1252"))
    with pytest.raises(ImportFailed, match="header but no LSOAs"):
        imd(iod_csv([]))


def test_ons_ward_lookup_names_wards_and_their_authorities():
    WardFactory(code="E05000001", name="", local_authority=None)
    result = areas(to_csv(["WD24CD", "WD24NM", "LAD24CD", "LAD24NM"], [
        ["E05000001", "Burn Valley", "E06000001", "Hartlepool"],
        ["E05011234", "Ancoats & Beswick", "E08000003", "Manchester"],
    ]))
    assert (result.kind, result.rows, result.created, result.existing) == ("ward", 2, 1, 1)
    ward = Ward.objects.select_related("local_authority").get(code="E05000001")
    assert (ward.name, ward.local_authority.name) == ("Burn Valley", "Hartlepool")
    assert LocalAuthority.objects.get(code="E08000003").name == "Manchester"


def test_ons_local_authority_file_and_plain_code_name_files():
    areas(to_csv(["LAD24CD", "LAD24NM"], [["E06000001", "Hartlepool"]]))
    assert LocalAuthority.objects.get().name == "Hartlepool"
    areas(to_csv(["code", "name"], [["E06000001", "Hartlepool Borough"]]), kind="local_authority")
    assert LocalAuthority.objects.get().name == "Hartlepool Borough"
    areas(to_csv(["code", "name", "local_authority_code"], [["E05000001", "Burn Valley", "E06000001"]]), kind="ward")
    assert Ward.objects.get().local_authority_id == "E06000001"


@pytest.mark.parametrize(
    "header, rows, kind, message",
    [
        (["code", "name"], [["E05000001", "X"]], None,
         "Say whether the file lists wards or local authorities (ward or local_authority)."),
        (["code", "name"], [["E05000001", "X"]], "parish", "Choose the kind of area: ward or local_authority."),
        (["WD24CD", "WD24NM"], [["E05000001", "X"]], "local_authority",
         "The file lists ward areas, not local_authority areas. Check the file or the kind you chose."),
        (["code"], [["E05000001"]], "ward",
         "The file is missing these columns: name. Check it is a CSV file of area codes and names."),
        (["WD24CD", "LAD24CD"], [["E05000001", "E06000001"]], None,
         "The file is missing these columns: WDyyNM. Check it is a CSV file of area codes and names."),
        (["code", "name"], [["E05000001", "X"], ["5", "Y"]], "ward",
         "Line 3: ward code “5” must be an ONS code, like E05000001"),
        (["code", "name"], [["E05000001", "X"], ["E05000001", "Y"]], "ward",
         "Line 3: E05000001 is already on line 2"),
        (["code", "name"], [["E05000001", ""]], "ward", "Line 2: enter the name"),
    ],
)
def test_bad_area_files_are_rejected_with_a_clear_message(header, rows, kind, message):
    with pytest.raises(ImportFailed) as caught:
        areas(to_csv(header, rows), kind=kind)
    assert caught.value.errors[0] == message
    assert not Ward.objects.exists()


def test_commands_import_and_report_errors(tmp_path, capsys):
    iod = tmp_path / "File_7.csv"
    iod.write_bytes(iod_csv([iod_row("E01011954")]))
    call_command("import_imd", str(iod), "--quiet")
    assert "Imported IoD2019 figures for 1 LSOAs" in capsys.readouterr().out
    wards = tmp_path / "wards.csv"
    wards.write_bytes(to_csv(["code", "name"], [["E05000001", "Burn Valley"]]))
    call_command("import_areas", str(wards), "--kind", "ward", "--quiet")
    assert "Imported names of 1 wards" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Say whether the file lists wards"):
        call_command("import_areas", str(wards), "--quiet")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(iod_csv([iod_row("E01011954", decile="0")]))
    with pytest.raises(CommandError, match="Line 2: IMD decile “0” must be a whole number from 1 to 10"):
        call_command("import_imd", str(bad), "--quiet")
