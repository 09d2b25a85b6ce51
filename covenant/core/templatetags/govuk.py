"""Template filters for GOV.UK-style dates and times; see covenant.core.formats."""

from django import template

from covenant.core import formats

register = template.Library()


@register.filter
def govuk_time(value):
    return formats.govuk_time(value)


@register.filter
def govuk_datetime(value):
    return formats.govuk_datetime(value)


@register.filter
def govuk_time_range(start, end):
    return formats.govuk_time_range(start, end)
