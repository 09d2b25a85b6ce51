"""The taxonomy loader: our copies of the standard, idempotent reruns, and clear errors on bad files."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from covenant.audit.models import AuditEntry
from volunteers.models import Cause, Requirement, Skill, SkillKind, TaxonomySource
from volunteers.services.passport import DATA_DIR, TAXONOMY_FILES, taxonomies_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_copy(tmp_path):
    for name in TAXONOMY_FILES.values():
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def test_our_copies_match_the_standard(shared_dir):
    standard = shared_dir / "standards" / "volunteering-data"
    for key in ("skills", "causes", "requirements"):
        name = TAXONOMY_FILES[key]
        assert (DATA_DIR / name).read_bytes() == (standard / name).read_bytes(), name


def test_loads_every_taxonomy_with_covenant_skills():
    result = taxonomies_load(actor=None)
    assert result["skills"]["created"] == Skill.objects.count() > 90
    assert Cause.objects.count() == 45 and Requirement.objects.count() == 36
    animal = Cause.objects.get(slug="animal-welfare")
    assert animal.synonyms == ["Wildlife", "Pets", "Creatures", "Mammals"]
    assert Skill.objects.get(slug="driving-d1").code == "D1"
    assert Skill.objects.get(slug="language-bfi").kind == SkillKind.LANGUAGE
    assert Skill.objects.get(slug="language-cy").name.startswith("Welsh")
    assert Skill.objects.filter(source=TaxonomySource.VOLUNTEERING_DATA).count() == 41
    assert {"first-aid-efaw", "first-aid-faw", "first-aid-paediatric", "first-aid-mental-health"} <= set(
        Skill.objects.filter(kind=SkillKind.FIRST_AID).values_list("slug", flat=True)
    )
    assert AuditEntry.objects.filter(action="volunteers.taxonomies_loaded").count() == 1


def test_rerun_changes_nothing_and_updates_edits(data_copy, capsys):
    call_command("load_taxonomies", data_dir=data_copy)
    call_command("load_taxonomies", data_dir=data_copy)
    assert "Skills: 0 added, 0 updated, 0 retired" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="volunteers.taxonomies_loaded").count() == 1
    path = data_copy / "skills-covenant.csv"
    lines = path.read_text().splitlines()
    lines = [line.replace("Cook or chef", "Cook") for line in lines if not line.startswith("trade-tailor")]
    path.write_text("\n".join(lines) + "\n")
    call_command("load_taxonomies", data_dir=data_copy)
    assert "Skills: 0 added, 1 updated, 1 retired" in capsys.readouterr().out
    assert Skill.objects.get(slug="trade-cook").name == "Cook"
    # Retired, not deleted: passports may still point at it.
    assert Skill.objects.get(slug="trade-tailor").active is False


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("skills-covenant.csv", "slug,group,term\nx,Trades,Plumber\n", "kind, code missing"),
        ("skills-covenant.csv", "slug,group,term,kind,code\ntrade-x,Trades,Thing,wizard,\n", "kind must be one of"),
        ("skills-covenant.csv", "slug,group,term,kind,code\nlanguage-xx,Languages,Klingon,language,Klingon\n",
         "ISO 639 code"),
        ("skills-covenant.csv", "slug,group,term,kind,code\na,Trades,One,trade,\na,Trades,Two,trade,\n",
         "line 3: a appears more than once"),
        ("skills-covenant.csv", "slug,group,term,kind,code\nBad Slug,Trades,One,trade,\n", "must be lower case"),
        ("taxonomy-skill.csv", "group,term\nCommunication,\n", "line 2: term is empty"),
        ("taxonomy-skill.csv", "group,term\nCommunication,Listening,extra\n", "expected 2 values"),
        ("taxonomy-cause.csv", 'term,synonyms\n"Animals,"""Pets""\n', "not a well-formed CSV"),
        ("taxonomy-requirement.csv", "group,term\n" + "G," + "x" * 201 + "\n", "longer than 200"),
    ],
)
def test_malformed_files_are_refused_and_change_nothing(data_copy, name, content, message):
    (data_copy / name).write_text(content)
    with pytest.raises(CommandError) as raised:
        call_command("load_taxonomies", data_dir=data_copy)
    assert message in str(raised.value)
    assert name in str(raised.value) and "Nothing was loaded" in str(raised.value)
    assert Skill.objects.count() == 0 and Cause.objects.count() == 0


def test_missing_and_non_utf8_files_are_refused(data_copy):
    (data_copy / "taxonomy-cause.csv").unlink()
    with pytest.raises(CommandError, match="taxonomy-cause.csv: the file is missing"):
        call_command("load_taxonomies", data_dir=data_copy)
    (data_copy / "taxonomy-cause.csv").write_bytes("term,synonyms\nCaf\xe9,\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("load_taxonomies", data_dir=data_copy)
