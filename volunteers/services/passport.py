"""Writes to the passport profile (travel, languages, access needs, skills, causes, availability) and the taxonomies."""

import csv
import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record, diff
from covenant.core.queueing import enqueue_on_commit
from covenant.places.postcodes import normalise_postcode
from volunteers.models import (
    AvailabilityException,
    AvailabilityWindow,
    Cause,
    Passport,
    PassportSkill,
    Requirement,
    Skill,
    SkillKind,
    SkillLevel,
    Transport,
    Weekday,
)

MAX_TRAVEL_KM = 200
KM_PER_MILE = 1.609344
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# The fields passport_update_profile may change, and so the fields the page and the API may change.
PROFILE_FIELDS = (
    "max_travel_km",
    "second_base_postcode",
    "second_base_label",
    "transport",
    "accessibility_needs",
    "adjustments",
    "languages",
)


@dataclass(frozen=True)
class Window:
    """One weekly window as the forms and the API hand it over, before it is stored."""

    weekday: int
    starts_at: datetime.time
    ends_at: datetime.time


# Checks shared by the forms, the API serializers and the services themselves.


def miles_to_km(miles: float) -> int:
    return round(miles * KM_PER_MILE)


def km_to_miles(km: int) -> int:
    return round(km / KM_PER_MILE)


def check_travel_km(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TRAVEL_KM:
        raise ValidationError(
            _("How far you can travel must be between 0 and %(most)s km (%(miles)s miles)")
            % {"most": MAX_TRAVEL_KM, "miles": km_to_miles(MAX_TRAVEL_KM)},
            code="travel_range",
        )
    return value


def clean_second_base(postcode: str) -> str:
    """The second base postcode in its standard form, or "" if none is given."""
    if not (postcode or "").strip():
        return ""
    try:
        return normalise_postcode(postcode)
    except ValidationError as error:
        raise ValidationError(
            _("Enter the second base postcode as a real postcode, like SW1A 1AA"), code=error.code
        ) from None


def check_transport(values: Iterable[str]) -> list[str]:
    values = list(values)
    unknown = [value for value in values if value not in Transport.values]
    if unknown:
        raise ValidationError(
            _("Choose how you travel from: %(choices)s") % {"choices": ", ".join(Transport.values)},
            code="transport_choice",
        )
    return [value for value in Transport.values if value in values]


def language_codes() -> dict[str, str]:
    """ISO 639 codes of the languages in the taxonomy, with their names."""
    return dict(
        Skill.objects.filter(kind=SkillKind.LANGUAGE, active=True).exclude(code="").values_list("code", "name")
    )


def check_languages(values: Iterable[str]) -> list[str]:
    values = [str(value).strip().lower() for value in values]
    known = language_codes()
    unknown = [value for value in values if value not in known]
    if unknown:
        raise ValidationError(
            _("%(codes)s is not a language we know. Use an ISO 639 code from the list, like cy for Welsh")
            % {"codes": ", ".join(sorted(set(unknown)))},
            code="language_unknown",
        )
    return sorted(set(values), key=values.index)


def check_windows(windows: Iterable[Window]) -> list[Window]:
    """Each window ends after it starts, and no two on the same day overlap."""
    windows = sorted(windows, key=lambda window: (window.weekday, window.starts_at))
    for window in windows:
        if window.weekday not in Weekday.values:
            raise ValidationError(_("Choose a day of the week"), code="weekday")
        if window.ends_at <= window.starts_at:
            raise ValidationError(
                _("The end time must be after the start time on %(day)s") % {"day": Weekday(window.weekday).label},
                code="window_order",
            )
    for earlier, later in zip(windows, windows[1:], strict=False):
        if earlier.weekday == later.weekday and later.starts_at < earlier.ends_at:
            raise ValidationError(
                _("Your times on %(day)s overlap (%(first)s and %(second)s). Change one so they do not overlap")
                % {
                    "day": Weekday(earlier.weekday).label,
                    "first": f"{earlier.starts_at:%H:%M} to {earlier.ends_at:%H:%M}",
                    "second": f"{later.starts_at:%H:%M} to {later.ends_at:%H:%M}",
                },
                code="window_overlap",
            )
    return windows


def check_exception_dates(starts_on: datetime.date, ends_on: datetime.date) -> None:
    if ends_on < starts_on:
        raise ValidationError(
            _("The date you are back must be the same as or after the date you are away from"), code="exception_order"
        )


def _profile_snapshot(passport: Passport) -> dict:
    return {name: getattr(passport, name) for name in PROFILE_FIELDS}


@transaction.atomic
def passport_get_or_create(*, holder) -> Passport:
    """The holder's passport, started (and audited) the first time it is needed."""
    passport, created = Passport.objects.get_or_create(holder=holder)
    if created:
        audit_record(actor=holder, action="volunteers.passport_created", target=passport)
    return passport


@transaction.atomic
def passport_update_profile(*, actor, passport: Passport, **changes) -> Passport:
    """Change the travel, second base, transport, languages or access needs of a passport."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"passport_update_profile cannot change {', '.join(sorted(unknown))}")
    cleaned = dict(changes)
    if "max_travel_km" in cleaned:
        cleaned["max_travel_km"] = check_travel_km(cleaned["max_travel_km"])
    if "second_base_postcode" in cleaned:
        cleaned["second_base_postcode"] = clean_second_base(cleaned["second_base_postcode"])
    if "transport" in cleaned:
        cleaned["transport"] = check_transport(cleaned["transport"])
    if "languages" in cleaned:
        cleaned["languages"] = check_languages(cleaned["languages"])
    for name in ("second_base_label", "accessibility_needs", "adjustments"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if not cleaned.get("second_base_postcode", passport.second_base_postcode):
        # A label without a postcode would describe nothing.
        cleaned["second_base_label"] = ""
    before = _profile_snapshot(passport)
    for name, value in cleaned.items():
        setattr(passport, name, value)
    changed = diff(before, _profile_snapshot(passport))
    if changed:
        passport.save()
        audit_record(actor=actor, action="volunteers.passport_profile_updated", target=passport, changes=changed)
        _suggest_needs(passport)
    return passport


def _suggest_needs(passport: Passport) -> None:
    """A passport that can now reach or do more is matched with open places at once, not at the next batch."""
    if not passport.offers_wanted:
        return
    from ..tasks_matching import matching_passport_task

    # Should the broker be down, the change still stands and the next national batch matches the passport.
    enqueue_on_commit(matching_passport_task, passport.pk)


def _skill_levels(passport: Passport) -> dict[str, int]:
    return dict(passport.skills.values_list("skill__slug", "level"))


@transaction.atomic
def passport_set_skills(*, actor, passport: Passport, levels: Mapping[Skill, int]) -> Passport:
    """Make the passport's skills exactly these, each with its self-assessed level."""
    for skill, level in levels.items():
        if level not in SkillLevel.values:
            raise ValidationError(
                _("Choose how good you are at %(skill)s") % {"skill": skill.name}, code="skill_level"
            )
        if not skill.active:
            raise ValidationError(_("%(skill)s can no longer be chosen") % {"skill": skill.name}, code="skill_inactive")
    before = _skill_levels(passport)
    passport.skills.exclude(skill__in=list(levels)).delete()
    existing = {item.skill_id: item for item in passport.skills.all()}
    for skill, level in levels.items():
        item = existing.get(skill.pk)
        if item is None:
            PassportSkill.objects.create(passport=passport, skill=skill, level=level)
        elif item.level != level:
            item.level = level
            item.save(update_fields=["level"])
    after = _skill_levels(passport)
    changed = diff(before, after) | {slug: [level, None] for slug, level in before.items() if slug not in after}
    if changed:
        audit_record(actor=actor, action="volunteers.passport_skills_set", target=passport, changes=changed)
        _suggest_needs(passport)
    return passport


@transaction.atomic
def passport_set_causes(*, actor, passport: Passport, causes: Iterable[Cause]) -> Passport:
    """Make the passport's causes of interest exactly these."""
    causes = list(causes)
    inactive = [cause.name for cause in causes if not cause.active]
    if inactive:
        raise ValidationError(
            _("%(causes)s can no longer be chosen") % {"causes": ", ".join(inactive)}, code="cause_inactive"
        )
    before = sorted(passport.causes.values_list("slug", flat=True))
    passport.causes.set(causes)
    after = sorted(cause.slug for cause in causes)
    if before != after:
        audit_record(
            actor=actor, action="volunteers.passport_causes_set", target=passport, changes={"causes": [before, after]}
        )
    return passport


def _window_labels(windows) -> list[str]:
    return [f"{Weekday(w.weekday).label} {w.starts_at:%H:%M}-{w.ends_at:%H:%M}" for w in windows]


@transaction.atomic
def passport_set_availability(*, actor, passport: Passport, windows: Iterable[Window]) -> Passport:
    """Make the passport's weekly windows exactly these (checked: each ends after it starts, none overlap)."""
    windows = check_windows(windows)
    before = _window_labels(passport.availability.all())
    after = _window_labels(windows)
    if before == after:
        return passport
    passport.availability.all().delete()
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(passport=passport, weekday=w.weekday, starts_at=w.starts_at, ends_at=w.ends_at)
        for w in windows
    )
    audit_record(
        actor=actor, action="volunteers.passport_availability_set", target=passport,
        changes={"availability": [before, after]},
    )
    return passport


@transaction.atomic
def passport_add_exception(
    *, actor, passport: Passport, starts_on: datetime.date, ends_on: datetime.date, reason: str = ""
) -> AvailabilityException:
    """Record dates the volunteer is away (a holiday)."""
    check_exception_dates(starts_on, ends_on)
    reason = (reason or "").strip()
    if len(reason) > 100:
        raise ValidationError(_("The reason must be 100 characters or fewer"), code="reason_length")
    exception = AvailabilityException.objects.create(
        passport=passport, starts_on=starts_on, ends_on=ends_on, reason=reason
    )
    audit_record(
        actor=actor, action="volunteers.passport_exception_added", target=passport,
        metadata={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(), "reason": reason},
    )
    return exception


@transaction.atomic
def passport_remove_exception(*, actor, exception: AvailabilityException) -> None:
    """Remove dates the volunteer had said they were away."""
    passport = exception.passport
    metadata = {"starts_on": exception.starts_on.isoformat(), "ends_on": exception.ends_on.isoformat()}
    exception.delete()
    audit_record(actor=actor, action="volunteers.passport_exception_removed", target=passport, metadata=metadata)


@transaction.atomic
def passport_set_exceptions(*, actor, passport: Passport, exceptions: Iterable[tuple]) -> Passport:
    """Make the dates away exactly these (starts_on, ends_on, reason), keeping the ones that stay."""
    wanted = [(starts_on, ends_on, (reason or "").strip()) for starts_on, ends_on, reason in exceptions]
    for starts_on, ends_on, _reason in wanted:
        check_exception_dates(starts_on, ends_on)
    remaining = list(wanted)
    for exception in passport.unavailable.all():
        key = (exception.starts_on, exception.ends_on, exception.reason)
        if key in remaining:
            remaining.remove(key)
        else:
            passport_remove_exception(actor=actor, exception=exception)
    for starts_on, ends_on, reason in remaining:
        passport_add_exception(actor=actor, passport=passport, starts_on=starts_on, ends_on=ends_on, reason=reason)
    return passport


# The taxonomies.


class TaxonomyFileError(ValueError):
    """A taxonomy file that cannot be loaded; the message names the file and line."""


TAXONOMY_FILES = {
    "skills": "taxonomy-skill.csv",
    "causes": "taxonomy-cause.csv",
    "requirements": "taxonomy-requirement.csv",
    "covenant_skills": "skills-covenant.csv",
}
_COLUMNS = {
    "skills": ("group", "term"),
    "causes": ("term", "synonyms"),
    "requirements": ("group", "term"),
    "covenant_skills": ("slug", "group", "term", "kind", "code"),
}
_SYNONYM = re.compile(r'"([^"]+)"')


def _read_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict]]:
    if not path.is_file():
        raise TaxonomyFileError(f"{path.name}: the file is missing from {path.parent}")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle, strict=True)
            header = reader.fieldnames or []
            missing = [column for column in columns if column not in header]
            if missing:
                raise TaxonomyFileError(
                    f"{path.name}: the header must have the columns {', '.join(columns)}; "
                    f"{', '.join(missing)} missing"
                )
            rows = []
            for row in reader:
                if None in row or any(row.get(column) is None for column in columns):
                    raise TaxonomyFileError(
                        f"{path.name}, line {reader.line_num}: expected {len(header)} values, like the header"
                    )
                rows.append((reader.line_num, {column: row[column].strip() for column in columns}))
    except UnicodeDecodeError:
        raise TaxonomyFileError(f"{path.name}: the file is not UTF-8 text") from None
    except csv.Error as error:
        raise TaxonomyFileError(f"{path.name}: not a well-formed CSV file ({error})") from None
    return rows


def _required(path: Path, line: int, row: dict, column: str, limit: int) -> str:
    value = row[column]
    if not value:
        raise TaxonomyFileError(f"{path.name}, line {line}: {column} is empty")
    if len(value) > limit:
        raise TaxonomyFileError(f"{path.name}, line {line}: {column} is longer than {limit} characters")
    return value


def _unique_slug(path: Path, line: int, slug: str, seen: set[str]) -> str:
    if not slug:
        raise TaxonomyFileError(f"{path.name}, line {line}: cannot make an identifier from this row")
    if slug in seen:
        raise TaxonomyFileError(f"{path.name}, line {line}: {slug} appears more than once")
    seen.add(slug)
    return slug


def _parse(data_dir: Path) -> dict[str, list[dict]]:
    """Every row of every file, checked, before anything is written."""
    parsed: dict[str, list[dict]] = {"skills": [], "causes": [], "requirements": []}
    skill_slugs: set[str] = set()
    for key in ("skills", "covenant_skills"):
        path = data_dir / TAXONOMY_FILES[key]
        for line, row in _read_rows(path, _COLUMNS[key]):
            group = _required(path, line, row, "group", 100)
            term = _required(path, line, row, "term", 200)
            if key == "skills":
                entry = {"slug": slugify(f"{group} {term}")[:120], "kind": SkillKind.GENERAL, "code": "",
                         "source": "vds"}
            else:
                kind = row["kind"]
                if kind not in SkillKind.values:
                    raise TaxonomyFileError(
                        f"{path.name}, line {line}: kind must be one of {', '.join(SkillKind.values)}, not {kind!r}"
                    )
                if len(row["code"]) > 8:
                    raise TaxonomyFileError(f"{path.name}, line {line}: code is longer than 8 characters")
                if kind == SkillKind.LANGUAGE and not re.fullmatch(r"[a-z]{2,3}", row["code"]):
                    raise TaxonomyFileError(
                        f"{path.name}, line {line}: a language needs its ISO 639 code, like cy or bfi"
                    )
                slug = row["slug"]
                if slug and slug != slugify(slug):
                    raise TaxonomyFileError(f"{path.name}, line {line}: slug {slug!r} must be lower case, like trade-cook")
                entry = {"slug": slug[:120], "kind": kind, "code": row["code"], "source": "covenant"}
            _unique_slug(path, line, entry["slug"], skill_slugs)
            parsed["skills"].append(entry | {"name": term, "group": group})
    path = data_dir / TAXONOMY_FILES["causes"]
    seen: set[str] = set()
    for line, row in _read_rows(path, _COLUMNS["causes"]):
        term = _required(path, line, row, "term", 200)
        slug = _unique_slug(path, line, slugify(term)[:120], seen)
        synonyms = [synonym.strip() for synonym in _SYNONYM.findall(row["synonyms"]) if synonym.strip()]
        parsed["causes"].append({"slug": slug, "name": term, "synonyms": synonyms, "source": "vds"})
    path = data_dir / TAXONOMY_FILES["requirements"]
    seen = set()
    for line, row in _read_rows(path, _COLUMNS["requirements"]):
        group = _required(path, line, row, "group", 100)
        term = _required(path, line, row, "term", 200)
        slug = _unique_slug(path, line, slugify(f"{group} {term}")[:120], seen)
        parsed["requirements"].append({"slug": slug, "name": term, "group": group, "source": "vds"})
    return parsed


def _load(model, entries: list[dict]) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "retired": 0}
    existing = {item.slug: item for item in model.objects.all()}
    for entry in entries:
        fields = {key: value for key, value in entry.items() if key != "slug"} | {"active": True}
        item = existing.get(entry["slug"])
        if item is None:
            model.objects.create(slug=entry["slug"], **fields)
            counts["created"] += 1
        elif any(getattr(item, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(item, key, value)
            item.save()
            counts["updated"] += 1
    # Entries dropped from the files are retired, not deleted: passports and needs may still point at them.
    listed = {entry["slug"] for entry in entries}
    counts["retired"] = model.objects.filter(active=True).exclude(slug__in=listed).update(active=False)
    return counts


@transaction.atomic
def taxonomies_load(*, actor=None, data_dir: Path | None = None) -> dict[str, dict[str, int]]:
    """Load (or update) skills, causes and requirements from the CSV files; a bad file changes nothing."""
    parsed = _parse(Path(data_dir or DATA_DIR))
    result = {
        "skills": _load(Skill, parsed["skills"]),
        "causes": _load(Cause, parsed["causes"]),
        "requirements": _load(Requirement, parsed["requirements"]),
    }
    if any(any(counts.values()) for counts in result.values()):
        audit_record(actor=actor, action="volunteers.taxonomies_loaded", metadata=result)
    return result
