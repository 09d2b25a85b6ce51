"""Template helpers about people's security, for the account and MFA pages."""

from django import template

from covenant.accounts import selectors

register = template.Library()


@register.simple_tag
def requires_mfa(user) -> bool:
    return selectors.user_requires_mfa(user)


@register.simple_tag
def has_mfa(user) -> bool:
    return selectors.user_has_mfa(user)
