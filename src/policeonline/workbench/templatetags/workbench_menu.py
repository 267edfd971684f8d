"""The back office's menu offers a page only to officers its view lets in."""

from django import template

from policeonline.workbench.access import may_open as _may_open

register = template.Library()


@register.simple_tag(takes_context=True)
def may_open(context, url_name: str) -> bool:
    return _may_open(context["user"], url_name)
