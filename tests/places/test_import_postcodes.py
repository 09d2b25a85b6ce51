"""The ONS Postcode Directory importer: the service and the import_postcodes command."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from covenant.audit.models import AuditEntry
from covenant.places.importing import MAX_ERRORS
from covenant.places.models import LSOA, LocalAuthority, Postcode, Ward
from covenant.places.services import ImportFailed, postcodes_import

from .files import ONSPD_HEADER, onspd_csv, onspd_row

pytestmark = pytest.mark.django_db


def run(data: bytes, **kwargs):
    return postcodes_import(actor=None, file=io.BytesIO(data), **kwargs)


def write(tmp_path, data: bytes, name="onspd.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


GOOD = [
    onspd_row("SW1A 1AA"),
    onspd_row("M1 1AE", oslaua="E08000003", osward="E05011234", lsoa21="E01005200", lat="53.477", long="-2.2308"),
    onspd_row("AB10 1XG", doterm="201906", ctry="S92000003", oslaua="S12000033", osward="S13002830",
              lsoa21="", lsoa11="S01006646", lat="57.1482", long="-2.0961"),
    onspd_row("ZE1 0AA", lat="99.999999", long="0.000000", osward="S99999999", ctry="S92000003"),
]


def test_good_file_imports_every_postcode_with_its_areas():
    result = run(onspd_csv(GOOD))
    assert (result.rows, result.created, result.existing) == (4, 4, 0)
    assert (result.terminated, result.without_location) == (1, 1)
    london = Postcode.objects.get(postcode="SW1A 1AA")
    assert (london.outward_code, london.latitude, london.longitude) == ("SW1A", 51.501009, -0.141588)
    assert (london.lsoa_id, london.ward_id, london.local_authority_id) == ("E01000001", "E05000001", "E06000001")
    assert london.terminated_on is None
    assert Postcode.objects.get(postcode="AB10 1XG").terminated_on == date(2019, 6, 1)
    # lsoa21 is preferred, but an empty one leaves the postcode without an LSOA rather than mixing vintages.
    assert Postcode.objects.get(postcode="AB10 1XG").lsoa_id is None
    shetland = Postcode.objects.get(postcode="ZE1 0AA")
    assert (shetland.latitude, shetland.longitude, shetland.ward_id) == (None, None, None)
    # The areas the rows mention exist, unnamed, so they can be listed before names are imported.
    assert set(LocalAuthority.objects.values_list("code", flat=True)) == {"E06000001", "E08000003", "S12000033"}
    assert Ward.objects.get(code="E05011234").local_authority_id == "E08000003"
    assert LSOA.objects.get(code="E01005200").local_authority_id == "E08000003"
    entry = AuditEntry.objects.get(action="places.postcodes_imported")
    assert entry.metadata["rows"] == 4


def test_rerun_updates_rather_than_duplicates():
    run(onspd_csv(GOOD))
    moved = [onspd_row("SW1A 1AA", lat="51.5", long="-0.14", osward="E05000002"), onspd_row("N1 9GU")]
    result = run(onspd_csv(moved))
    assert (result.rows, result.created, result.existing) == (2, 1, 1)
    assert Postcode.objects.count() == 5
    london = Postcode.objects.get(postcode="SW1A 1AA")
    assert (london.latitude, london.ward_id) == (51.5, "E05000002")
    # Postcodes absent from a later file are kept: the directory terminates, never removes.
    assert Postcode.objects.filter(postcode="M1 1AE").exists()


def test_postcode_terminated_then_reintroduced_is_live_again():
    run(onspd_csv([onspd_row("SW1A 1AA", doterm="202001")]))
    run(onspd_csv([onspd_row("SW1A 1AA")]))
    assert Postcode.objects.get().terminated_on is None


def test_live_only_leaves_out_terminated_postcodes():
    result = run(onspd_csv(GOOD), include_terminated=False)
    assert (result.rows, result.skipped_terminated) == (3, 1)
    assert not Postcode.objects.filter(postcode="AB10 1XG").exists()


def test_lsoa11_is_used_when_the_directory_has_no_lsoa21_and_new_column_names_are_accepted():
    header = [{"oslaua": "lad25cd", "osward": "wd25cd", "ctry": "ctry25cd"}.get(h, h) for h in ONSPD_HEADER
              if h != "lsoa21"]
    row = onspd_row("SW1A 1AA", lsoa11="E01004736")
    row.update({"lad25cd": "E09000033", "wd25cd": "E05013806", "ctry25cd": "E92000001"})
    run(onspd_csv([row], header=header))
    postcode = Postcode.objects.get()
    assert (postcode.lsoa_id, postcode.ward_id, postcode.local_authority_id) == ("E01004736", "E05013806", "E09000033")


def test_messy_postcode_spacing_and_case_are_normalised():
    row = onspd_row("SW1A 1AA", pcds="sw1a1aa")
    run(onspd_csv([row]))
    assert Postcode.objects.get().postcode == "SW1A 1AA"


@pytest.mark.parametrize(
    "row, message",
    [
        (onspd_row("SW1A 1AA", pcds="XX"), "Line 3: postcode “XX” is not a real postcode, like SW1A 1AA"),
        (onspd_row("SW1A 1AB", lat="fifty"),
         "Line 3: latitude “fifty” must be a number from 49.0 to 61.0, or 99.999999 for no location"),
        (onspd_row("SW1A 1AB", lat="40.1"),
         "Line 3: latitude “40.1” must be a number from 49.0 to 61.0, or 99.999999 for no location"),
        (onspd_row("SW1A 1AB", long="12"),
         "Line 3: longitude “12” must be a number from -9.0 to 2.0, or 99.999999 for no location"),
        (onspd_row("SW1A 1AB", long=""), "Line 3: give both latitude and longitude, or leave both empty"),
        (onspd_row("SW1A 1AB", doterm="2019"), "Line 3: termination date “2019” must be a year and month, like 202012"),
        (onspd_row("SW1A 1AB", doterm="201913"),
         "Line 3: termination date “201913” must be a year and month, like 202012"),
        (onspd_row("SW1A 1AB", oslaua="E0600"), "Line 3: local authority code “E0600” must be an ONS code, like E06000001"),
        (onspd_row("SW1A 1AB", osward="ward"), "Line 3: ward code “WARD” must be an ONS code, like E05000001"),
        (onspd_row("SW1A 1AB", lsoa21="E01"), "Line 3: LSOA code “E01” must be an ONS code, like E01000001"),
        (onspd_row("SW1A 1AB", ctry="England"), "Line 3: country code “ENGLAND” must be an ONS code, like E92000001"),
        (onspd_row("SW1A 1AA"), "Line 3: postcode SW1A 1AA is already on line 2"),
    ],
)
def test_a_bad_row_is_reported_by_line_and_nothing_is_imported(row, message):
    Postcode.objects.create(postcode="N1 9GU", outward_code="N1")
    with pytest.raises(ImportFailed) as caught:
        run(onspd_csv([onspd_row("SW1A 1AA"), row, onspd_row("M1 1AE")]))
    assert caught.value.errors == [message, "Nothing was imported."]
    assert list(Postcode.objects.values_list("postcode", flat=True)) == ["N1 9GU"]
    assert not LocalAuthority.objects.exists()
    assert not AuditEntry.objects.filter(action="places.postcodes_imported").exists()


def test_several_bad_rows_are_all_reported_up_to_a_limit():
    rows = [onspd_row("SW1A 1AA")] + [onspd_row("SW1A 1AB", pcds=f"BAD{n}") for n in range(MAX_ERRORS + 5)]
    with pytest.raises(ImportFailed) as caught:
        run(onspd_csv(rows))
    errors = caught.value.errors
    assert errors[0] == "Line 3: postcode “BAD0” is not a real postcode, like SW1A 1AA"
    assert len(errors) == MAX_ERRORS + 2
    assert errors[-2:] == [f"Stopped after {MAX_ERRORS} errors. Fix these and try again.", "Nothing was imported."]
    assert not Postcode.objects.exists()


def test_a_row_with_the_wrong_number_of_values_is_reported():
    data = onspd_csv([onspd_row("SW1A 1AA")]) + b"M1 1AE,M1  1AE\r\n"
    with pytest.raises(ImportFailed) as caught:
        run(data)
    assert caught.value.errors[0] == f"Line 3: expected {len(ONSPD_HEADER)} values, as in the header, but found 2"


def test_missing_columns_are_named():
    header = [h for h in ONSPD_HEADER if h not in {"lat", "doterm", "lsoa11", "lsoa21"}]
    with pytest.raises(ImportFailed) as caught:
        run(onspd_csv([onspd_row("SW1A 1AA")], header=header))
    assert caught.value.errors == [
        "The file is missing these columns: lat; doterm; lsoa21 (or lsoa11). "
        "Check it is an ONS Postcode Directory (ONSPD) CSV file."
    ]


@pytest.mark.parametrize("data", [b"", b"\r\n", b"\xef\xbb\xbf"])
def test_empty_file_is_rejected(data):
    with pytest.raises(ImportFailed) as caught:
        run(data)
    assert caught.value.errors == ["The file is empty. Choose an ONS Postcode Directory (ONSPD) CSV file."]


def test_header_without_rows_is_rejected():
    with pytest.raises(ImportFailed) as caught:
        run(onspd_csv([]))
    assert caught.value.errors[0].startswith("The file has a header but no postcodes.")


def test_wrong_encoding_is_reported_with_its_line():
    data = onspd_csv([onspd_row("SW1A 1AA"), onspd_row("M1 1AE", parish="Ynys M\u00f4n")])
    with pytest.raises(ImportFailed) as caught:
        run(data.decode("utf-8").encode("latin-1"))
    assert caught.value.errors == ["Line 3: the file is not UTF-8 text. Save it as “CSV UTF-8” and try again."]
    assert not Postcode.objects.exists()


def test_utf16_file_is_rejected_not_crashed():
    with pytest.raises(ImportFailed) as caught:
        run(onspd_csv([onspd_row("SW1A 1AA")]).decode("utf-8").encode("utf-16"))
    assert "not UTF-8" in caught.value.errors[0]


def test_utf8_with_byte_order_mark_is_accepted():
    run(b"\xef\xbb\xbf" + onspd_csv([onspd_row("SW1A 1AA")]))
    assert Postcode.objects.count() == 1


def test_nul_bytes_are_reported_not_crashed():
    with pytest.raises(ImportFailed) as caught:
        run(onspd_csv([onspd_row("SW1A 1AA")]) + b"M1\x001AE\r\n")
    assert caught.value.errors[0].startswith("Line 3: ")


def test_progress_is_reported_in_bytes():
    seen = []
    data = onspd_csv(GOOD)
    run(data, progress=seen.append)
    assert sum(seen) == len(data)


def test_command_imports_quietly_and_reports_counts(tmp_path, capsys):
    path = write(tmp_path, onspd_csv(GOOD))
    call_command("import_postcodes", path, "--quiet")
    out = capsys.readouterr()
    assert "Imported 4 postcodes: 4 new, 0 already known. 1 terminated, 1 without a location" in out.out
    assert out.err == ""
    call_command("import_postcodes", path, "--live-only")
    assert "1 terminated left out" in capsys.readouterr().out


def test_command_errors_go_to_stderr_as_a_command_error(tmp_path):
    path = write(tmp_path, onspd_csv([onspd_row("SW1A 1AA", lat="x")]))
    with pytest.raises(CommandError) as caught:
        call_command("import_postcodes", path, "--quiet")
    assert "Line 2: latitude “x” must be a number" in str(caught.value)
    assert not Postcode.objects.exists()


def test_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot open .*missing.csv: No such file or directory"):
        call_command("import_postcodes", str(tmp_path / "missing.csv"))
