"""Writes to the service catalogue: add and change services one at a time or from a council's CSV file."""

from __future__ import annotations

import csv
import datetime
import decimal
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.organisations.models import Organisation, OrganisationType
from covenant.places.models import LocalAuthority, Ward

from .models import DeliveryModel, Involvement, Service

FIELDS = ("reference", "name", "description", "who_it_serves", "annual_budget", "delivery", "provider",
          "contract_ends_on", "involvement", "involvement_notes", "is_published")
# The CSV's columns: the fields above, with wards as ONS ward codes separated by semicolons.
CSV_COLUMNS = ("reference", "name", "description", "who_it_serves", "wards", "annual_budget", "delivery", "provider",
               "contract_ends_on", "involvement", "involvement_notes")
MAX_CSV_ROWS = 2000
LIMITS = {"reference": 60, "name": 200, "provider": 200, "description": 5000, "who_it_serves": 2000,
          "involvement_notes": 2000}


def _require(actor, perm: str, obj) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied


def local_authority_of(organisation: Organisation) -> LocalAuthority | None:
    """The council's area: its own ONS code, or for a parish council the local authority its code names."""
    if organisation.type == OrganisationType.LOCAL_AUTHORITY:
        return LocalAuthority.objects.filter(code=organisation.ons_code).first()
    if organisation.type == OrganisationType.PARISH_COUNCIL and organisation.ons_code:
        # A parish's ONS code (E04…) is not a local authority's; its wards say where it is.
        ward = Ward.objects.filter(code=organisation.ons_code).select_related("local_authority").first()
        return ward.local_authority if ward else None
    return None


def _clean(data: dict, *, local_authority: LocalAuthority) -> tuple[dict, list[Ward] | None]:
    """Checked values for a service's fields, or a ValidationError naming each field that is wrong."""
    errors: dict[str, str] = {}
    cleaned: dict = {}
    for field, maximum in LIMITS.items():
        if field not in data:
            continue
        value = (data[field] or "").strip() if isinstance(data[field], str) or data[field] is None else data[field]
        if not isinstance(value, str):
            errors[field] = _("Enter text")
        elif len(value) > maximum:
            errors[field] = _("Enter %(max)s characters or fewer") % {"max": maximum}
        else:
            cleaned[field] = value
    for field, message in (("name", _("Enter the service's name")), ("description", _("Describe the service"))):
        if field in data and not cleaned.get(field) and field not in errors:
            errors[field] = message
    if "reference" in data and "reference" not in errors:
        reference = slugify(cleaned.get("reference", ""))
        if not reference:
            errors["reference"] = _("Enter the council's reference for the service, like ADULT-SOC-04")
        cleaned["reference"] = reference
    if "annual_budget" in data:
        budget = data["annual_budget"]
        if budget in (None, ""):
            cleaned["annual_budget"] = None
        else:
            try:
                amount = decimal.Decimal(str(budget).replace(",", "").replace("£", "").strip())
            except decimal.InvalidOperation:
                errors["annual_budget"] = _("Enter the annual budget in pounds, like 250000")
            else:
                if not amount.is_finite() or amount < 0 or amount >= 10 ** 12 or amount.as_tuple().exponent < -2:
                    errors["annual_budget"] = _("Enter the annual budget in pounds and pence, 0 or more")
                else:
                    cleaned["annual_budget"] = amount
    if "delivery" in data:
        if data["delivery"] not in DeliveryModel.values:
            errors["delivery"] = _("Choose how the service is delivered")
        else:
            cleaned["delivery"] = data["delivery"]
    if "contract_ends_on" in data:
        day = data["contract_ends_on"]
        if day in (None, ""):
            cleaned["contract_ends_on"] = None
        elif isinstance(day, str):
            try:
                cleaned["contract_ends_on"] = datetime.date.fromisoformat(day.strip())
            except ValueError:
                errors["contract_ends_on"] = _("Enter the contract end date as YYYY-MM-DD, like 2027-03-31")
        elif isinstance(day, datetime.date) and not isinstance(day, datetime.datetime):
            cleaned["contract_ends_on"] = day
        else:
            errors["contract_ends_on"] = _("Enter the contract end date")
    if "involvement" in data:
        ways = list(dict.fromkeys(data["involvement"] or []))
        unknown = [w for w in ways if w not in Involvement.values]
        if unknown:
            errors["involvement"] = _("Choose ways to get involved from the list")
        else:
            cleaned["involvement"] = ways
    if "is_published" in data:
        cleaned["is_published"] = bool(data["is_published"])
    wards = None
    if "wards" in data:
        codes = [c.strip().upper() for c in (data["wards"] or []) if c and c.strip()]
        found = {w.code: w for w in Ward.objects.filter(code__in=codes, local_authority=local_authority)}
        missing = [c for c in codes if c not in found]
        if missing:
            errors["wards"] = _("%(codes)s: not a ward of %(council)s") % {"codes": ", ".join(missing),
                                                                           "council": local_authority.name}
        wards = [found[c] for c in dict.fromkeys(codes) if c in found]
    if cleaned.get("delivery") == DeliveryModel.COMMISSIONED and "provider" in data and not cleaned.get("provider"):
        errors["provider"] = _("Enter who provides a commissioned service")
    if errors:
        raise ValidationError(errors)
    return cleaned, wards


def _owner_area(owner: Organisation) -> LocalAuthority:
    local_authority = local_authority_of(owner)
    if local_authority is None:
        raise ValidationError(_("%(owner)s has no area on record. Ask platform staff to add its ONS code")
                              % {"owner": owner.name})
    return local_authority


@transaction.atomic
def service_create(*, actor, owner: Organisation, **data) -> Service:
    """Add a service to a council's catalogue. `data` holds the model's fields and `wards` (ward codes)."""
    _require(actor, "services_catalogue.add_service", owner)
    local_authority = _owner_area(owner)
    data.setdefault("reference", data.get("name", ""))
    for field in ("name", "description"):
        data.setdefault(field, "")
    cleaned, wards = _clean(data, local_authority=local_authority)
    if Service.objects.filter(owner=owner, reference=cleaned["reference"]).exists():
        raise ValidationError({"reference": _("Another service in your catalogue has the reference %(ref)s")
                               % {"ref": cleaned["reference"]}})
    service = Service.objects.create(owner=owner, local_authority=local_authority, created_by=actor, **cleaned)
    if wards:
        service.wards.set(wards)
    audit_record(actor=actor, action="services.service_created", target=service,
                 metadata={"reference": service.reference, "owner": owner.pk})
    return service


@transaction.atomic
def service_update(*, actor, service: Service, **data) -> Service:
    """Change some of a service's fields; the audit entry records each change."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    _require(actor, "services_catalogue.change_service", service)
    unknown = set(data) - set(FIELDS) - {"wards"}
    if unknown:
        raise TypeError(f"service_update() got unknown fields: {sorted(unknown)}")
    cleaned, wards = _clean(data, local_authority=service.local_authority)
    if ("reference" in cleaned and cleaned["reference"] != service.reference
            and Service.objects.filter(owner=service.owner_id, reference=cleaned["reference"]).exists()):
        raise ValidationError({"reference": _("Another service in your catalogue has the reference %(ref)s")
                               % {"ref": cleaned["reference"]}})
    changes = {}
    for field, value in cleaned.items():
        before = getattr(service, field)
        if before != value:
            changes[field] = [str(before) if before is not None else None, str(value) if value is not None else None]
            setattr(service, field, value)
    service.save()
    if wards is not None:
        before = sorted(service.wards.values_list("code", flat=True))
        after = sorted(w.code for w in wards)
        if before != after:
            changes["wards"] = [before, after]
            service.wards.set(wards)
    if changes:
        audit_record(actor=actor, action="services.service_changed", target=service, changes=changes)
    return service


def _csv_rows(text: str):
    reader = csv.DictReader(io.StringIO(text or ""))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    if headers != list(CSV_COLUMNS):
        raise ValidationError({"file": [_("The first line of the file must be the column names %(columns)s")
                                        % {"columns": ",".join(CSV_COLUMNS)}]})
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_CSV_ROWS:
            raise ValidationError({"file": [_("The file has more than %(max)s rows. Split it into smaller files")
                                            % {"max": f"{MAX_CSV_ROWS:,}"}]})
        values = dict(zip(CSV_COLUMNS, [(v or "").strip() for v in raw.values()], strict=False))
        yield number, values


@transaction.atomic
def services_import(*, actor, owner: Organisation, text: str) -> dict[str, int]:
    """Import a council's catalogue from CSV text (columns CSV_COLUMNS; wards and involvement separated by
    semicolons). A row whose reference is already in the catalogue updates that service. Every row is checked
    first; one bad row imports nothing, and the error names its line."""
    _require(actor, "services_catalogue.add_service", owner)
    local_authority = _owner_area(owner)
    problems: list[str] = []
    rows: list[tuple[dict, list[Ward] | None]] = []
    seen: dict[str, int] = {}
    for number, values in _csv_rows(text):
        data = {**values, "wards": values["wards"].split(";") if values["wards"] else [],
                "involvement": [w.strip() for w in values["involvement"].split(";") if w.strip()],
                "delivery": values["delivery"] or DeliveryModel.IN_HOUSE}
        if not data["reference"]:
            data["reference"] = data["name"]
        try:
            cleaned, wards = _clean(data, local_authority=local_authority)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                problems += [_("Line %(n)s, %(field)s: %(message)s") % {"n": number, "field": field, "message": m}
                             for m in messages]
            continue
        if cleaned["reference"] in seen:
            problems.append(_("Line %(n)s: the reference %(ref)s is also on line %(other)s. Give each service its "
                              "own reference") % {"n": number, "ref": cleaned["reference"],
                                                  "other": seen[cleaned["reference"]]})
            continue
        seen[cleaned["reference"]] = number
        rows.append((cleaned, wards))
    if problems:
        raise ValidationError({"file": problems})
    if not rows:
        raise ValidationError({"file": [_("The file has no services in it")]})
    existing = {s.reference: s for s in Service.objects.select_for_update().filter(owner=owner)}
    created = updated = 0
    for cleaned, wards in rows:
        service = existing.get(cleaned["reference"])
        if service is None:
            service = Service.objects.create(owner=owner, local_authority=local_authority, created_by=actor, **cleaned)
            created += 1
        else:
            for field, value in cleaned.items():
                setattr(service, field, value)
            service.save()
            updated += 1
        service.wards.set(wards or [])
    audit_record(actor=actor, action="services.catalogue_imported", target=owner,
                 metadata={"created": created, "updated": updated})
    return {"created": created, "updated": updated}
