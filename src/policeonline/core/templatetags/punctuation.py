"""Punctuation that differs between the interface languages, as translatable format strings:
Chinese enumerates with 、 and ends a label with a full-width colon (角色：办事员、审批人),
English with ", " and ": ". ``{% load punctuation %}`` then ``{{ names|series }}`` and
``{% colon label %}``."""

from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def series(values) -> str:
    """Items of a list joined as the language joins them."""
    return pgettext("separator between the items of a list", ", ").join(str(v) for v in values)


@register.simple_tag
def colon(label) -> str:
    """A label followed by the language's colon (and, in English, its space); escaped."""
    return pgettext("a label before its value", "%(label)s: ") % {"label": label}
