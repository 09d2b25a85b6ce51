"""Who may nominate land as an asset of community value (s.89 of the Localism Act 2011 and regulations 4 and 5
of SI 2012/2421), in Covenant's types of organisation.

A parish council may nominate land in its area. Otherwise a "voluntary or community body with a local connection"
may: a charity; a community interest company; a company limited by guarantee, or a community benefit society,
that does not distribute any surplus to its members; or an unincorporated body of at least 21 individuals on the
electoral roll of the council's area (or a neighbouring one) that does not distribute any surplus. Covenant maps
its types onto these as below. Informal and faith groups are unincorporated: they nominate as a group of 21
local people, whose postcodes are checked against the council's area (Covenant checks the council's own area
only, not its neighbours'). Businesses, councils and public bodies never nominate. Everyone but a parish council
declares its local connection: its activities are wholly or partly concerned with the council's area, or a
neighbouring one.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.organisations.models import Organisation, OrganisationType

MIN_GROUP_MEMBERS = 21

NOMINATING_CATEGORY = {
    OrganisationType.PARISH_COUNCIL: gettext_lazy("a parish council (s.89(2)(b)(i))"),
    OrganisationType.REGISTERED_CHARITY: gettext_lazy("a charity (reg. 5(1)(c))"),
    OrganisationType.CIO: gettext_lazy("a charity (reg. 5(1)(c))"),
    OrganisationType.CIC: gettext_lazy("a community interest company (reg. 5(1)(f))"),
    OrganisationType.COMPANY: gettext_lazy("a company limited by guarantee that does not distribute any surplus "
                                           "(reg. 5(1)(d))"),
    OrganisationType.SOCIAL_ENTERPRISE: gettext_lazy("a company limited by guarantee or community benefit society "
                                                     "that does not distribute any surplus (reg. 5(1)(d) and (e))"),
}
# Types that may distribute a surplus: eligible only with the declaration that this one does not.
NOT_FOR_PROFIT_DECLARATION = frozenset({OrganisationType.COMPANY, OrganisationType.SOCIAL_ENTERPRISE})
# Unincorporated: these nominate as a group of 21 local people.
UNINCORPORATED = frozenset({OrganisationType.INFORMAL_GROUP, OrganisationType.FAITH_GROUP})


def needs_local_connection(organisation: Organisation | None) -> bool:
    return organisation is None or organisation.type != OrganisationType.PARISH_COUNCIL


def organisation_problem(organisation: Organisation, *, not_for_profit: bool, local_connection: bool) -> str | None:
    """Why this organisation cannot nominate land, in GOV.UK words; None when it can."""
    if organisation.type in UNINCORPORATED:
        return _("%(name)s is not incorporated, so it nominates as a group of at least 21 local people. Choose that "
                 "option and name its members") % {"name": organisation.name}
    if organisation.type not in NOMINATING_CATEGORY:
        return _("%(name)s is registered as “%(type)s”. Only parish councils, charities, community interest "
                 "companies, non-profit companies and groups of at least 21 local people can nominate an asset of "
                 "community value") % {"name": organisation.name, "type": organisation.get_type_display()}
    if not organisation.is_verified:
        return _("%(name)s has not been verified yet. An organisation can nominate once platform staff have checked "
                 "it") % {"name": organisation.name}
    if organisation.type in NOT_FOR_PROFIT_DECLARATION and not not_for_profit:
        return _("Confirm that %(name)s does not distribute any surplus to its members") % {"name": organisation.name}
    if needs_local_connection(organisation) and not local_connection:
        return _("Confirm that %(name)s has a local connection: its activities are wholly or partly concerned with "
                 "the council's area or a neighbouring one") % {"name": organisation.name}
    return None


def category_of(organisation: Organisation) -> str:
    return str(NOMINATING_CATEGORY.get(organisation.type, ""))
