"""Reads for issued credentials: their documents, their live status, the published keys and verification."""

import datetime
import json
import uuid
from dataclasses import dataclass, field

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import signing
from ..models import Credential, CredentialKind, IssuedCredential, SigningKey
from .credentials import SECTION_OF_KIND, credential_is_valid

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
STATUS_TYPE = "CovenantCredentialStatusPage"

VALID, EXPIRED, REVOKED = "valid", "expired", "revoked"
# Claims compared when deciding whether an included credential changed after issue; the verifying
# organisation's display name is left out because renaming an organisation changes no check.
_VOLATILE_CLAIMS = {"verifiedBy"}


# Published keys ---------------------------------------------------------------------------------------------

def published_keys() -> QuerySet:
    """Every key that ever signed, oldest first: retired keys stay so that old credentials still verify."""
    return SigningKey.objects.order_by("created_at", "id")


def signing_key_by_kid(kid: str) -> SigningKey | None:
    if not isinstance(kid, str):
        return None
    return SigningKey.objects.filter(kid=kid).first()


def did_document() -> dict:
    """The did:web document published at /.well-known/did.json."""
    did = signing.issuer_did()
    methods = [
        {
            "id": signing.verification_method_id(key.kid),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": signing.public_key_multibase(key.public_key),
        }
        for key in published_keys()
    ]
    ids = [method["id"] for method in methods]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
    }


# Documents --------------------------------------------------------------------------------------------------

def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def timestamp(moment: datetime.datetime) -> str:
    """An XML Schema dateTime in UTC to the second, as the VC data model expects."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The moment a credential expiring on `day` stops counting: midnight after it, UK time."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def credential_claims(credential: Credential) -> dict:
    """What a document says about one credential. Never the DBS certificate number or Update Service ID."""
    claims = {
        "type": "VolunteerCheck",
        "kind": credential.kind,
        "name": str(credential.title or credential.get_kind_display()),
        "provider": credential.provider or None,
        "issuedOn": _date(credential.issued_on),
        "expiresOn": _date(credential.expires_on),
    }
    if credential.kind == CredentialKind.DBS:
        claims.update(level=credential.dbs_level or None, barredLists=credential.dbs_barred_lists or None,
                      workforce=credential.dbs_workforce or None)
    elif credential.kind == CredentialKind.IDENTITY:
        claims["method"] = credential.identity_method or None
    elif credential.kind == CredentialKind.QUALIFICATION:
        claims.update(qualification=credential.qualification_type or None,
                      licenceCategories=credential.licence_categories or None)
    organisation = credential.verified_organisation
    claims["verifiedBy"] = {"id": organisation.org_id or None, "name": organisation.name} if organisation else None
    claims["verifiedOn"] = _date(timezone.localdate(credential.verified_at)) if credential.verified_at else None
    # Absent facts are left out rather than written as null, which keeps the document short and plain.
    return {key: value for key, value in claims.items() if value is not None}


def document_build(*, issued_id: uuid.UUID, holder_name: str, credentials: list[Credential],
                   issued_at: datetime.datetime, valid_until: datetime.datetime | None) -> dict:
    """The unsigned Open Badges 3.0 / VC 2.0 credential; credentials are listed in primary key order."""
    page = settings.SITE_URL + reverse("volunteers:issuing-public", args=[issued_id])
    document = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{issued_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Covenant Volunteer Passport",
        "issuer": {
            "id": signing.issuer_did(),
            "type": ["Profile"],
            "name": settings.SERVICE_NAME,
            "url": settings.SITE_URL + "/",
        },
        "validFrom": timestamp(issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": holder_name,
            "achievement": {
                "id": settings.SITE_URL + reverse("volunteers:issuing-check"),
                "type": ["Achievement"],
                "name": "Volunteer Passport checks",
                "description": "Checks on a volunteer that a verifier in a verified organisation confirmed on "
                               "Covenant.",
                "criteria": {"narrative": "Each check listed was seen and confirmed by a verifier in a verified "
                                          "organisation, and was in date when this credential was issued."},
            },
            "credentials": [credential_claims(credential) for credential in sorted(credentials, key=lambda c: c.pk)],
        },
        "credentialStatus": {"id": page, "type": STATUS_TYPE},
    }
    if valid_until is not None:
        document["validUntil"] = timestamp(valid_until)
    return document


def valid_until_of(credentials: list[Credential]) -> datetime.datetime | None:
    expiries = [credential.expires_on for credential in credentials if credential.expires_on]
    return end_of_day(min(expiries)) if expiries else None


# Holder's credentials ---------------------------------------------------------------------------------------

def issuable_credentials(passport, *, on: datetime.date) -> list[Credential]:
    """Credentials the holder may include today: verified and in date."""
    if passport is None:
        return []
    return [
        credential
        for credential in passport.credentials.select_related("verified_organisation").order_by("kind", "pk")
        if credential_is_valid(credential, on=on)
    ]


def issued_credentials_of(user) -> QuerySet:
    if user is None or not getattr(user, "is_authenticated", False):
        return IssuedCredential.objects.none()
    return _with_related(IssuedCredential.objects.filter(passport__holder=user))


def _with_related(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("passport__holder", "key").prefetch_related(
        Prefetch("credentials", queryset=Credential.objects.select_related("verified_organisation").order_by("pk"))
    )


def issued_credential(pk) -> IssuedCredential | None:
    """One issued credential by id, or None; anyone may see its public page."""
    try:
        pk = uuid.UUID(str(pk))
    except ValueError:
        return None
    return _with_related(IssuedCredential.objects.filter(pk=pk)).first()


def issued_queryset() -> QuerySet:
    return _with_related(IssuedCredential.objects.all())


# Live status ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IssuedStatus:
    status: str
    reason: str


def issued_status(issued: IssuedCredential, *, now: datetime.datetime | None = None) -> IssuedStatus:
    """VALID, EXPIRED or REVOKED, worked out afresh from the credential and the checks it includes."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if issued.revoked_at is not None:
        return IssuedStatus(REVOKED, _("The holder withdrew this credential on %(date)s.")
                            % {"date": date_format(timezone.localdate(issued.revoked_at), "j F Y")})
    included = sorted(issued.credentials.all(), key=lambda c: c.pk)
    signed = issued.document.get("credentialSubject", {}).get("credentials", [])
    if len(included) != len(signed):
        return IssuedStatus(REVOKED, _("A check it includes has been removed from the passport."))
    for credential, claims in zip(included, signed, strict=True):
        current = {k: v for k, v in credential_claims(credential).items() if k not in _VOLATILE_CLAIMS}
        if current != {k: v for k, v in claims.items() if k not in _VOLATILE_CLAIMS}:
            return IssuedStatus(REVOKED, _("A check it includes has changed since the credential was issued."))
    if issued.valid_until is not None and now >= issued.valid_until:
        return IssuedStatus(EXPIRED, _("It expired at the end of %(date)s.") % {
            "date": date_format(timezone.localdate(issued.valid_until) - datetime.timedelta(days=1), "j F Y")})
    for credential in included:
        if not credential_is_valid(credential, on=today):
            if credential.status == "expired" or (credential.expires_on and credential.expires_on < today):
                return IssuedStatus(EXPIRED, _("A check it includes has expired."))
            return IssuedStatus(REVOKED, _("A check it includes has been withdrawn or is no longer verified."))
    return IssuedStatus(VALID, _("Every check it includes is verified and in date."))


def issued_sections(issued: IssuedCredential) -> list[str]:
    """The passport sections a public view of this credential shows, for the access log."""
    kinds = {claims.get("kind") for claims in issued.document.get("credentialSubject", {}).get("credentials", [])}
    return [section for kind, section in SECTION_OF_KIND.items() if kind in kinds]


def issued_public_url(issued_or_id) -> str:
    pk = getattr(issued_or_id, "pk", issued_or_id)
    return settings.SITE_URL + reverse("volunteers:issuing-public", args=[pk])


def qr_svg(data: str) -> str:
    """An SVG QR code (paths only, no raster library) for `data`."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=20,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(data)
    code.make(fit=True)
    return code.make_image().to_string(encoding="unicode")


# Verifying a document ---------------------------------------------------------------------------------------

MAX_DOCUMENT_BYTES = 100_000

PROBLEMS = {
    "malformed_json": gettext_lazy("The document is not valid JSON. Paste or upload the whole file you were given."),
    "not_covenant": gettext_lazy("This is not a Covenant credential: it was not issued by this service."),
    "no_proof": gettext_lazy("This is not a Covenant credential: it has no signature (proof)."),
    "unsupported_proof": gettext_lazy("This is not a Covenant credential: it is signed in a way Covenant does not use."),
    "unknown_key": gettext_lazy("The key that signed it is not one Covenant has published, so it cannot be trusted."),
    "signature_mismatch": gettext_lazy("The signature does not match: the document has been changed since Covenant "
                            "signed it."),
    "malformed": gettext_lazy("The document cannot be checked: it contains values JSON signing does not allow."),
    "unknown_credential": gettext_lazy("The signature is Covenant’s, but Covenant no longer holds this credential: its "
                            "holder withdrew it or deleted their account."),
}


@dataclass
class VerificationResult:
    verified: bool
    status: str  # valid, expired, revoked or invalid
    problem: str = ""
    message: str = ""
    issued: IssuedCredential | None = None
    document: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        body = {"verified": self.verified, "status": self.status, "problem": self.problem or None,
                "message": self.message}
        if self.verified:
            subject = self.document.get("credentialSubject", {})
            body.update(
                id=self.document.get("id"), issuer=self.document.get("issuer", {}).get("name"),
                holder=subject.get("name"), validFrom=self.document.get("validFrom"),
                validUntil=self.document.get("validUntil"), credentials=subject.get("credentials", []),
                statusPage=issued_public_url(self.issued) if self.issued else None,
            )
        return body


def _invalid(problem: str) -> VerificationResult:
    return VerificationResult(verified=False, status="invalid", problem=problem, message=str(PROBLEMS[problem]))


def document_parse(raw: str | bytes) -> dict | list | str | int | float | bool | None:
    """JSON text to a value; ValueError with the GOV.UK message for the malformed_json problem."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(PROBLEMS["malformed_json"]) from None
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        raise ValueError(PROBLEMS["malformed_json"]) from None


def document_verify(document, *, now: datetime.datetime | None = None) -> VerificationResult:
    """Check a document's signature against the published key it names, then its live status."""
    if not isinstance(document, dict):
        return _invalid("not_covenant")
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != signing.issuer_did():
        return _invalid("not_covenant")
    try:
        kid = signing.proof_kid(document)
    except signing.ProofError as error:
        return _invalid(error.code)
    key = signing_key_by_kid(kid)
    if key is None:
        return _invalid("unknown_key")
    try:
        signing.proof_verify(document, signing.public_key_load(key.public_key))
    except signing.ProofError as error:
        return _invalid(error.code if error.code in PROBLEMS else "signature_mismatch")
    raw_id = document.get("id", "")
    issued = None
    if isinstance(raw_id, str) and raw_id.startswith("urn:uuid:"):
        issued = issued_credential(raw_id.removeprefix("urn:uuid:"))
    if issued is None:
        return VerificationResult(verified=True, status=REVOKED, problem="unknown_credential",
                                  message=str(PROBLEMS["unknown_credential"]), document=document)
    state = issued_status(issued, now=now)
    return VerificationResult(verified=True, status=state.status, message=state.reason, issued=issued,
                              document=document)


# Showing a document's claims --------------------------------------------------------------------------------

def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _day(value) -> str:
    try:
        return date_format(datetime.date.fromisoformat(value), "j F Y")
    except (TypeError, ValueError):
        return str(value)


def claims_for_display(document: dict) -> list[dict]:
    """Each check a document lists, as a heading and labelled rows for a GOV.UK summary list."""
    from ..models import BarredLists, DBSLevel, IdentityMethod, QualificationType, Workforce

    subject = document.get("credentialSubject", {}) if isinstance(document, dict) else {}
    shown = []
    for claims in subject.get("credentials", []) if isinstance(subject, dict) else []:
        if not isinstance(claims, dict):
            continue
        rows = [(_("Type of check"), _label(CredentialKind, claims.get("kind")))]
        for key, label, choices in (
            ("provider", _("Provider or issuer"), None),
            ("level", _("DBS level"), DBSLevel),
            ("barredLists", _("Barred lists checked"), BarredLists),
            ("workforce", _("Workforce"), Workforce),
            ("method", _("How identity was checked"), IdentityMethod),
            ("qualification", _("Qualification"), QualificationType),
            ("licenceCategories", _("Licence categories"), None),
        ):
            if claims.get(key):
                rows.append((label, _label(choices, claims[key]) if choices else str(claims[key])))
        for key, label in (("issuedOn", _("Date of issue")), ("expiresOn", _("Expiry date")),
                           ("verifiedOn", _("Verified on"))):
            if claims.get(key):
                rows.append((label, _day(claims[key])))
        verifier = claims.get("verifiedBy")
        if isinstance(verifier, dict) and verifier.get("name"):
            rows.append((_("Verified by"), str(verifier["name"])))
        shown.append({"name": str(claims.get("name", "")), "rows": rows})
    return shown
