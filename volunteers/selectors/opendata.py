"""Reads for the open-data feed: published needs shaped as the UK Volunteering Data Standard's JSON-LD."""

import re
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Max, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from covenant.core.formats import govuk_time
from covenant.organisations.models import VerificationStatus

from ..models import CredentialKind, Need, NeedStatus, Shift, Skill
from ..models.needs import LocationKind
from ..models.taxonomy import TaxonomySource

CONTEXT = "https://api.volunteeringdata.io/context/v1"
CONFORMS_TO = "https://ns.volunteeringdata.io/"
TERMS = "https://ns.volunteeringdata.io/"
LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

# The standard's requirement taxonomy names these two checks ("Legal" group); the other kinds of check
# (training, qualifications, occupational health) have no term there yet, so the feed leaves them out.
REQUIREMENT_TERMS = {
    CredentialKind.DBS: "DBS Check",
    CredentialKind.IDENTITY: "ID Check",
}

# What volunteers get, as the standard's reward terms (its examples use these two).
REWARD_TERMS = (("expenses_reimbursed", "Expenses Reimbursed"), ("training_provided", "Training Provided"))


def opendata_term_iri(term: str) -> str:
    """The standard's IRI for a taxonomy term: its words run together, like "Anti-Poverty" -> .../AntiPoverty."""
    words = re.findall(r"[A-Za-z0-9]+", term)
    return TERMS + "".join(word[0].upper() + word[1:] for word in words)


def opendata_extension_iri(slug: str) -> str:
    """Covenant's own IRI for a skill the standard does not have; the open-data page lists them."""
    return f"{settings.SITE_URL}{reverse('volunteers:opendata-page')}#skill-{slug}"


def published_needs() -> QuerySet[Need]:
    """Needs anyone may see in the feed: published, by an organisation whose checks passed."""
    return Need.objects.filter(
        status=NeedStatus.PUBLISHED,
        organisation__verification_status=VerificationStatus.VERIFIED,
    )


def opendata_needs() -> QuerySet[Need]:
    """Published needs in feed order (by organisation, so each keeps its activities together), loaded in
    a fixed number of queries whatever the page size."""
    upcoming = Shift.objects.filter(ends_at__gt=timezone.now()).order_by("starts_at", "id")
    return (
        published_needs()
        .select_related("organisation", "cause")
        .prefetch_related("skills", "checks", Prefetch("shifts", queryset=upcoming, to_attr="upcoming_shifts"))
        .order_by("organisation__name", "organisation_id", "id")
    )


def opendata_modified():
    """The date the published data last changed, or today when nothing is published."""
    latest = published_needs().aggregate(latest=Max("updated_at"))["latest"]
    return timezone.localdate(latest) if latest else timezone.localdate()


def _location(need: Need) -> dict | None:
    if need.location_kind == LocationKind.REMOTE:
        return None
    lines = [line.strip() for line in need.address.splitlines() if line.strip()]
    if need.postcode and need.postcode not in lines:
        lines.append(need.postcode)
    location = {"name": need.organisation.name, "address": ", ".join(lines)}
    if need.latitude is not None and need.longitude is not None:
        # The guide writes coordinates as strings.
        location["latitude"] = f"{need.latitude:.6f}".rstrip("0").rstrip(".")
        location["longitude"] = f"{need.longitude:.6f}".rstrip("0").rstrip(".")
    return location


def _skills(need: Need) -> list[str]:
    return [
        opendata_term_iri(skill.name) if skill.source == TaxonomySource.VOLUNTEERING_DATA
        else opendata_extension_iri(skill.slug)
        for skill in sorted(need.skills.all(), key=lambda skill: skill.name)
    ]


def _requirements(need: Need) -> list[str]:
    terms = {REQUIREMENT_TERMS[check.kind] for check in need.checks.all() if check.kind in REQUIREMENT_TERMS}
    return [opendata_term_iri(term) for term in sorted(terms)]


def _commitment(shifts: list[Shift]) -> str:
    """The time asked, in words: "Every Tuesday, 10am to 1pm (8 sessions)" for shifts a week apart at one time
    of day, otherwise how many sessions are to come."""
    count = len(shifts)
    sessions = ngettext("%(count)d upcoming session", "%(count)d upcoming sessions", count) % {"count": count}
    if count < 2:
        return sessions
    times = [(timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)) for shift in shifts]
    first_start, first_end = times[0]
    weekly = all(
        start.time() == first_start.time() and end.time() == first_end.time()
        and (start.date() - times[index - 1][0].date()).days == 7
        for index, (start, end) in enumerate(times) if index
    )
    if not weekly or first_start.date() != first_end.date():
        return sessions
    return _("Every %(weekday)s, %(start)s to %(end)s (%(sessions)s)") % {
        "weekday": date_format(first_start, "l"), "start": govuk_time(first_start), "end": govuk_time(first_end),
        "sessions": sessions}


def _role(need: Need, link: str) -> dict:
    role = {
        "title": need.title,
        "description": need.description,
        "commitment": _commitment(need.upcoming_shifts),
        "applyLink": link,
        "allowsRemoteParticipation": need.location_kind == LocationKind.REMOTE,
    }
    if need.minimum_age:
        role["minimumAge"] = str(need.minimum_age)
    requirements = _requirements(need)
    if requirements:
        role["requirement"] = requirements
    rewards = [opendata_term_iri(term) for field, term in REWARD_TERMS if getattr(need, field)]
    if rewards:
        role["reward"] = rewards
    skills = _skills(need)
    if skills:
        role["skill"] = skills
    return role


def _session(need: Need, shift: Shift) -> dict:
    session = {}
    location = _location(need)
    if location:
        session["location"] = location
    session["time"] = [{
        "beginning": timezone.localtime(shift.starts_at).isoformat(),
        "end": timezone.localtime(shift.ends_at).isoformat(),
    }]
    return session


def _activity(need: Need) -> dict:
    # The need's public page: its identifier, and where people from other platforms go to sign up.
    link = settings.SITE_URL + reverse("volunteers:search-need", kwargs={"pk": need.pk})
    return {
        "id": link,
        "title": need.title,
        "description": need.description,
        "role": [_role(need, link)],
        "session": [_session(need, shift) for shift in need.upcoming_shifts],
    }


def opendata_graph(needs: Iterable[Need]) -> list[dict]:
    """Organisations embedding their activities, in the order the needs come (grouped by organisation).

    Only what organisations publish goes out: no contact names, email addresses or phone numbers of the
    people behind a need, and nothing about volunteers or bookings.
    """
    graph: list[dict] = []
    by_organisation: dict[int, dict] = {}
    for need in needs:
        organisation = need.organisation
        node = by_organisation.get(organisation.pk)
        if node is None:
            node = {
                "type": "Organisation",
                "id": settings.SITE_URL + reverse("organisations:detail", kwargs={"pk": organisation.pk}),
                "name": organisation.name,
                "description": organisation.description,
            }
            if organisation.website:
                node["website"] = organisation.website
            if organisation.charity_number:
                node["charityNumber"] = organisation.charity_number
            node["cause"] = []
            node["activity"] = []
            by_organisation[organisation.pk] = node
            graph.append(node)
        if need.cause is not None and need.cause.source == TaxonomySource.VOLUNTEERING_DATA:
            iri = opendata_term_iri(need.cause.name)
            if iri not in node["cause"]:
                node["cause"].append(iri)
        node["activity"].append(_activity(need))
    for node in graph:
        if not node["cause"]:
            del node["cause"]
    return graph


def opendata_feed(*, graph: list[dict]) -> dict:
    """The feed's metadata around one page of its graph."""
    return {
        "@context": CONTEXT,
        "conformsTo": CONFORMS_TO,
        "license": LICENCE,
        "publisher": {"name": _("Covenant"), "website": settings.SITE_URL + "/"},
        "modified": opendata_modified().isoformat(),
        "graph": graph,
    }


def opendata_extension_skills():
    """Covenant's skills beyond the standard's taxonomy, which the feed names by Covenant's own IRIs."""
    return Skill.objects.filter(active=True).exclude(source=TaxonomySource.VOLUNTEERING_DATA).order_by("group", "name")
