"""The page frame around the catalog pages, held per process for anonymous visitors (ADR 0036).

Rendering ``portal/base.html`` (language and text-size switches, menus, footer) costs more than
the held catalog fragment it surrounds. For an anonymous visitor with no pending message the
frame depends only on the template, the language, the text size and the settings, except for
three things that this module fills in on every request: the page's own slots (title, content,
notices…), the CSRF token of the two switch forms and the page's path they return to. So the
page is rendered once with markers in those places and cut there; later requests join the cut
pieces with their own values. A signed-in visitor, a pending message or an HTMX request gets
the ordinary full rendering. ``tests/internet/test_catalog_held.py`` checks both ways give the
same page.
"""

import re
import secrets
import threading

from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import Context
from django.template.loader import get_template
from django.utils.html import conditional_escape, escape
from django.utils.translation import get_language

_SEAL = secrets.token_hex(8)  # markers nobody can put in a catalog text or a path
_MARK = re.compile(rf"@@{_SEAL}:(\w+)@@")
CSRF, PATH = "csrf_token", "path"
MAX_FRAMES = 64  # templates × languages × text sizes

_frames: dict[tuple, list[str]] = {}
_lock = threading.Lock()


def _marker(name: str) -> str:
    return f"@@{_SEAL}:{name}@@"


class _MarkedRequest:
    """The request as the frame sees it when it is cut: its path is a marker."""

    def __init__(self, request):
        self._request = request

    def get_full_path(self) -> str:
        return _marker(PATH)

    def __getattr__(self, name):
        return getattr(self._request, name)


def _cut(request, template_name: str, slots: list[str]) -> list[str]:
    """The page rendered with markers, cut into [text, slot name, text, slot name, …, text]."""
    template = get_template(template_name).template
    context = {}
    for processor in template.engine.template_context_processors:
        context.update(processor(request))
    context.update({CSRF: _marker(CSRF), "request": _MarkedRequest(request), "messages": []})
    context.update({name: _marker(name) for name in slots})
    return _MARK.split(template.render(Context(context)))


def _can_hold(request) -> bool:
    return (not request.user.is_authenticated and not len(get_messages(request))
            and not getattr(request, "htmx", False))


def render_framed(request, template_name: str, slots: dict) -> HttpResponse:
    """``render(request, template_name, slots)``, the frame taken from the held cut when it can."""
    if not _can_hold(request):
        return render(request, template_name, slots)
    key = (template_name, get_language(), bool(getattr(request, "elder_mode", False)),
           tuple(sorted(slots)))
    pieces = _frames.get(key)
    if pieces is None:
        pieces = _cut(request, template_name, sorted(slots))
        with _lock:
            if len(_frames) >= MAX_FRAMES:
                _frames.clear()
            _frames[key] = pieces
    values = {CSRF: get_token(request), PATH: escape(request.get_full_path())}
    out = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            out.append(piece)
        else:
            out.append(values[piece] if piece in values else conditional_escape(slots[piece]))
    return HttpResponse("".join(out))


@receiver(setting_changed)
def _forget(**_kwargs) -> None:
    """A setting changed (tests): frames and held frame parts may show settings, drop them."""
    from .templatetags import frame

    with _lock:
        _frames.clear()
    frame.forget()
