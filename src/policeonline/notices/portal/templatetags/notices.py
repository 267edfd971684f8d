from django import template

from .. import queries

register = template.Library()


@register.inclusion_tag("notices/_latest.html")
def latest_notices(n: int = 5):
    """The portal home's box of the latest notices."""
    return {"notices": queries.latest(n)}
