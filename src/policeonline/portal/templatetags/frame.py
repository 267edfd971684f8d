"""``{% held "name" arg… %}…{% endheld %}``: a part of the page frame rendered once per process.

For the parts of ``portal/base.html`` that every portal page repeats and that depend only on the
code, the settings, the language and what the tag's arguments say (the main menu for a signed-in
visitor or not, the footer): the first rendering is kept in this process, keyed on the name, the
active language and the arguments' values, and reused by every later page. Held in memory, not in
the shared cache, so a deployment (new templates, new translations) starts afresh. ADR 0036.

Never put anything personal or per request inside (the visitor's name, a CSRF token, the path):
whatever is inside is shown to every visitor with the same key.
"""

import threading

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

MAX_ENTRIES = 256  # names × languages × argument values: a handful each
_held: dict[tuple, str] = {}
_lock = threading.Lock()


class HeldNode(template.Node):
    def __init__(self, name: str, args: list, nodelist):
        self.name, self.args, self.nodelist = name, args, nodelist

    def render(self, context):
        key = (self.name, get_language(), *(bool(arg.resolve(context)) for arg in self.args))
        found = _held.get(key)
        if found is None:
            found = self.nodelist.render(context)
            with _lock:
                if len(_held) >= MAX_ENTRIES:
                    _held.clear()
                _held[key] = found
        return mark_safe(found)  # noqa: S308 - the template's own rendering, kept as it was


@register.tag
def held(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% held \"name\" [arg …] %} needs a quoted name")
    nodelist = parser.parse(("endheld",))
    parser.delete_first_token()
    return HeldNode(bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)


def forget() -> None:
    with _lock:
        _held.clear()
