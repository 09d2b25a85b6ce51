"""Who is a relevant body under s.81(6) of the Localism Act 2011, in Covenant's types of organisation.

The Act names (a) a voluntary or community body, (b) a body of persons or a trust established for charitable
purposes only, (c) a parish council, and (d) two or more employees of the authority. A voluntary body is one,
other than a public or local authority, whose activities are not carried on for profit; a community body is
one, other than a public or local authority, that carries on activities primarily for the community's benefit.
Covenant's types map onto these as below; companies and social enterprises may be run for profit, so they count
only when they declare that they are not. Businesses, councils and other public bodies are never relevant bodies
(the employees of the council express interest as employees, not as the council).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.organisations.models import Organisation, OrganisationType

CHARITY = gettext_lazy("a charity (s.81(6)(b))")
COMMUNITY_BODY = gettext_lazy("a community body (s.81(6)(a))")
VOLUNTARY_BODY = gettext_lazy("a voluntary body (s.81(6)(a))")
PARISH_COUNCIL = gettext_lazy("a parish council (s.81(6)(c))")

# Each eligible type of organisation and the statutory category it falls in.
STATUTORY_CATEGORY = {
    OrganisationType.REGISTERED_CHARITY: CHARITY,
    OrganisationType.CIO: CHARITY,
    OrganisationType.CIC: COMMUNITY_BODY,
    OrganisationType.INFORMAL_GROUP: COMMUNITY_BODY,
    OrganisationType.FAITH_GROUP: VOLUNTARY_BODY,
    OrganisationType.SOCIAL_ENTERPRISE: VOLUNTARY_BODY,
    OrganisationType.COMPANY: VOLUNTARY_BODY,
    OrganisationType.PARISH_COUNCIL: PARISH_COUNCIL,
}
# Types that may be run for profit: a relevant body only with the declaration that this one is not.
NOT_FOR_PROFIT_DECLARATION = frozenset({OrganisationType.COMPANY, OrganisationType.SOCIAL_ENTERPRISE})
MIN_EMPLOYEES = 2


def needs_not_for_profit_declaration(organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.type in NOT_FOR_PROFIT_DECLARATION


def organisation_problem(organisation: Organisation, *, not_for_profit: bool) -> str | None:
    """Why this organisation cannot express an interest, in GOV.UK words; None when it can."""
    if organisation.type not in STATUTORY_CATEGORY:
        return _("%(name)s is registered as “%(type)s”. Only voluntary or community bodies, charities, parish "
                 "councils, or two or more employees of the council can express an interest in running a council "
                 "service") % {"name": organisation.name, "type": organisation.get_type_display()}
    if not organisation.is_verified:
        return _("%(name)s has not been verified yet. An organisation can express an interest once platform staff "
                 "have checked it") % {"name": organisation.name}
    if organisation.type in NOT_FOR_PROFIT_DECLARATION and not not_for_profit:
        return _("Confirm that %(name)s does not carry on its activities for profit. Only then is it a voluntary "
                 "body that can express an interest") % {"name": organisation.name}
    return None


def category_of(organisation: Organisation) -> str:
    return str(STATUTORY_CATEGORY.get(organisation.type, ""))
