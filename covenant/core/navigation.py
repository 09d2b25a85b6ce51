"""The header's sections for each role, and what the dashboard offers each role."""

from dataclasses import dataclass
from functools import cache

from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from covenant.organisations import selectors as organisation_selectors

RESIDENT = organisation_selectors.RESIDENT
ORGANISATION_MEMBER = organisation_selectors.ORGANISATION_MEMBER
COUNCIL_OFFICER = organisation_selectors.COUNCIL_OFFICER
FUND_ADMINISTRATOR = organisation_selectors.FUND_ADMINISTRATOR
PLATFORM_STAFF = organisation_selectors.PLATFORM_STAFF


@dataclass(frozen=True)
class Section:
    """One area of the site, mounted at `href` in covenant/urls.py.

    Until an area has its own front page, the link goes to the first of `pages` that exists.
    """

    href: str
    text: str
    roles: frozenset[str]
    pages: tuple[str, ...] = ()

    def landing(self) -> str | None:
        return next((href for href in (self.href, *self.pages) if is_live(href)), None)


# In header order. Council officers work in parishes (petitions, reviews) and services (community
# rights); fund administrators run the funds; organisations apply to them.
SECTIONS = (
    Section("/volunteering/", _("Volunteering"), frozenset({RESIDENT, COUNCIL_OFFICER}), ("/volunteering/passport/",)),
    Section("/parishes/", _("Parishes"), frozenset({RESIDENT, COUNCIL_OFFICER})),
    Section("/services/", _("Services"), frozenset({RESIDENT, COUNCIL_OFFICER})),
    Section("/organisations/", _("Organisations"), frozenset({ORGANISATION_MEMBER, PLATFORM_STAFF})),
    Section("/funds/", _("Funds"), frozenset({ORGANISATION_MEMBER, FUND_ADMINISTRATOR})),
    Section("/audit/", _("Audit log"), frozenset({PLATFORM_STAFF})),
)


@cache
def is_live(href: str) -> bool:
    """Whether a page is mounted at `href`: sections whose app has no pages yet are not offered."""
    try:
        resolve(href)
    except Resolver404:
        return False
    return True


def navigation_for(roles: frozenset[str], path: str) -> list[dict]:
    """The header links a person with `roles` sees, marking the one that contains `path`."""
    links = []
    for section in SECTIONS:
        landing = section.landing() if section.roles & roles else None
        if landing:
            links.append({"href": landing, "text": section.text, "current": path.startswith(section.href)})
    return links


@dataclass(frozen=True)
class Task:
    href: str
    text: str
    description: str


def dashboard_for(roles: frozenset[str]) -> list[dict]:
    """What each of a person's roles lets them do, as headed lists of links, in a stable order."""
    groups = [
        (
            RESIDENT,
            _("As a resident"),
            [
                Task("/volunteering/", _("Volunteer"), _("Find opportunities near you and keep your Volunteer Passport")),
                Task(
                    "/volunteering/passport/",
                    _("Your Volunteer Passport"),
                    _("Keep your checks, training, skills and hours in one place, and share them with consent"),
                ),
                Task("/volunteering/offers/", _("Your offers"), _("Shifts near you that suit you: say yes or no")),
                Task("/parishes/", _("Pop-up parishes"), _("Propose a pop-up parish or sign a petition for your area")),
                Task("/parishes/yours/", _("Your parish proposals"),
                     _("Finish a draft, gather its founding group and follow its petition")),
                Task("/services/", _("Local services"), _("Help design local services and vote on proposals")),
            ],
        ),
        (
            ORGANISATION_MEMBER,
            _("For your organisations"),
            [
                Task("/organisations/", _("Your organisations"), _("Manage members, roles and verification")),
                Task(
                    "/volunteering/your-needs/",
                    _("Your volunteer needs"),
                    _("Post needs and shifts, see who has signed up and confirm their hours"),
                ),
                Task(
                    "/volunteering/shared-passports/",
                    _("Passports shared with you"),
                    _("See the checks and training volunteers have shared with your organisation"),
                ),
                Task("/funds/", _("Apply for funding"), _("Apply to community funds and report on your grants")),
            ],
        ),
        (
            COUNCIL_OFFICER,
            _("As a council officer"),
            [
                Task("/parishes/", _("Parish petitions and reviews"), _("Review petitions for pop-up parishes in your area")),
                Task("/services/", _("Community rights"), _("Decide expressions of interest and nominations of assets")),
                Task("/volunteering/", _("Volunteer Reserve"), _("Call out reserve volunteers by area and skill")),
            ],
        ),
        (
            FUND_ADMINISTRATOR,
            _("As a fund administrator"),
            [
                Task("/funds/", _("Funds"), _("Run funding rounds, assess applications and approve payments")),
            ],
        ),
        (
            PLATFORM_STAFF,
            _("As platform staff"),
            [
                Task("/organisations/", _("Organisations"), _("Verify organisations that have asked to join")),
                Task("/audit/", _("Audit log"), _("See every consequential change and who made it")),
                Task("/volunteering/matching/", _("Matching"), _("Fill rates, how widely and evenly offers reach "
                                                                 "volunteers, and places nobody could be offered")),
            ],
        ),
    ]
    offered = [(role, heading, [task for task in tasks if is_live(task.href)]) for role, heading, tasks in groups]
    return [
        {"role": role, "heading": heading, "tasks": tasks} for role, heading, tasks in offered if role in roles and tasks
    ]
