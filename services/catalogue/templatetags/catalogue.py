"""Template filters of the service catalogue: a service's address, wherever a page lists one."""

from django import template

register = template.Library()


@register.filter
def service_url(service) -> str:
    from services.catalogue.views import service_url as url

    return url(service)


@register.filter
def service_edit_url(service) -> str:
    from django.urls import reverse

    from services.catalogue.selectors import council_key

    return reverse("services:catalogue-edit", kwargs={"council": council_key(service.owner),
                                                      "reference": service.reference})


@register.filter
def council_key(organisation) -> str:
    """How addresses name a council: its ONS code, or its number without one."""
    from services.catalogue.selectors import council_key as key

    return key(organisation)
