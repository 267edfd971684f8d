from django import template

from ..access import may_supervise
from ..inbox import unread

register = template.Library()


@register.inclusion_tag("supervision/nav.html", takes_context=True)
def supervision_nav(context):
    """The back office's menu entries: messages with the unread count, and the dashboard."""
    user = context["user"]
    return {"unread": unread(user), "supervises": may_supervise(user)}
