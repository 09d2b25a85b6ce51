"""Filters for an active parish's pages: how officers are named in public, and sums of money."""

import decimal

from django import template

from .. import selectors_active

register = template.Library()


@register.filter
def public_name(user) -> str:
    """The name an officer gave, never their email address."""
    return selectors_active.public_name(user) if user is not None else ""


@register.filter
def pounds(amount) -> str:
    """£1,234.50"""
    if amount is None:
        return ""
    return f"£{decimal.Decimal(amount):,.2f}"
