"""Money the GOV.UK way in the funds' templates: £1,250 or £1,250.50, and a percentage."""

from decimal import Decimal, InvalidOperation

from django import template

from funds.services.common import pounds as _pounds

register = template.Library()


@register.filter
def pounds(amount) -> str:
    try:
        return _pounds(amount)
    except (InvalidOperation, TypeError, ValueError):
        return ""


@register.filter
def percent_of(part, whole) -> str:
    """`part` as a whole percentage of `whole` (0% when there is no whole)."""
    try:
        whole = Decimal(whole or 0)
        return f"{(Decimal(part or 0) * 100 / whole).quantize(Decimal('1')) if whole else 0}%"
    except (InvalidOperation, TypeError, ValueError):
        return ""
