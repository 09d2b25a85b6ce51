"""Who may change the service catalogue: the people who manage the owning council's (or parish council's)
services. Everyone may read published services."""

import rules

from covenant.organisations.predicates import is_signed_in

from . import selectors


@rules.predicate
def manages_service(user, service) -> bool:
    return service is not None and is_signed_in(user) and selectors.manages(user, service.owner)


@rules.predicate
def manages_organisation(user, organisation) -> bool:
    return is_signed_in(user) and selectors.manages(user, organisation)


@rules.predicate
def is_published(user, service) -> bool:
    return service is not None and service.is_published


@rules.predicate
def manages_any(user) -> bool:
    return bool(is_signed_in(user) and selectors.managed_organisations(user).exists())


rules.add_perm("services_catalogue.view_service", is_published | manages_service)
rules.add_perm("services_catalogue.change_service", manages_service)
# On an Organisation: adding to or importing into its catalogue.
rules.add_perm("services_catalogue.add_service", manages_organisation)
# No object: the officers' own catalogue pages.
rules.add_perm("services_catalogue.manage_catalogue", manages_any)
