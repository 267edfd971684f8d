"""The page frame around the catalog pages and "My applications", held per process (ADR 0036).

Rendering ``portal/base.html`` (language and text-size switches, menus, footer) costs more than
the held catalog fragment it surrounds. With no pending message the frame depends only on the
template, the language, the text size, whether the visitor is signed in and the settings, except
for what this module fills in on every request: the page's own slots (title, content, notices…),
the CSRF token of the switch forms (and of the sign-out form), the page's path they return to
and the signed-in visitor's name. So the page is rendered once with markers in those places and
cut there; later requests join the cut pieces with their own values. The cut is rendered with a
stand-in for the signed-in user that knows only that it is signed in and its name (a marker):
a frame that asks the user anything else cannot be held and is rendered in full every time, as
is a page with a pending message or an HTMX request. ``tests/internet/test_catalog_held.py``
checks both ways give the same page.
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
CSRF, PATH, USER = "csrf_token", "path", "user"
MAX_FRAMES = 64  # templates × languages × text sizes × signed in or not
_NOT_HELD: list[str] = []  # a frame that asks the signed-in user more than its name

_frames: dict[tuple, list[str]] = {}
_lock = threading.Lock()


def _marker(name: str) -> str:
    return f"@@{_SEAL}:{name}@@"


class _AsksTheUser(Exception):
    """The frame read something of the signed-in user other than its name: it is theirs alone."""


class _MarkedUser:
    """The signed-in user as the frame sees it when it is cut: signed in, its name a marker."""

    is_authenticated, is_anonymous = True, False

    def __str__(self) -> str:
        return _marker(USER)

    def __getattr__(self, name):
        if name.startswith("_"):  # Python's and the template engine's own probes (__html__…)
            raise AttributeError(name)
        raise _AsksTheUser(name)


class _MarkedRequest:
    """The request as the frame sees it when it is cut: its path is a marker, and so is the
    signed-in user's name."""

    def __init__(self, request, user):
        self._request, self.user = request, user

    def get_full_path(self) -> str:
        return _marker(PATH)

    def __getattr__(self, name):
        return getattr(self._request, name)


def _cut(request, template_name: str, slots: list[str]) -> list[str]:
    """The page rendered with markers, cut into [text, slot name, text, slot name, …, text];
    ``_NOT_HELD`` when the page shows more of the signed-in user than its name."""
    template = get_template(template_name).template
    user = _MarkedUser() if request.user.is_authenticated else request.user
    context = {}
    for processor in template.engine.template_context_processors:
        context.update(processor(request))
    context.update({CSRF: _marker(CSRF), "request": _MarkedRequest(request, user), "messages": []})
    if request.user.is_authenticated:
        context.update({"user": user, "perms": user})
    context.update({name: _marker(name) for name in slots})
    try:
        return _MARK.split(template.render(Context(context)))
    except _AsksTheUser:
        return _NOT_HELD


def _can_hold(request) -> bool:
    return not len(get_messages(request)) and not getattr(request, "htmx", False)


def render_framed(request, template_name: str, slots: dict) -> HttpResponse:
    """``render(request, template_name, slots)``, the frame taken from the held cut when it can."""
    if not _can_hold(request):
        return render(request, template_name, slots)
    signed_in = bool(request.user.is_authenticated)
    key = (template_name, get_language(), bool(getattr(request, "elder_mode", False)), signed_in,
           tuple(sorted(slots)))
    pieces = _frames.get(key)
    if pieces is None:
        pieces = _cut(request, template_name, sorted(slots))
        with _lock:
            if len(_frames) >= MAX_FRAMES:
                _frames.clear()
            _frames[key] = pieces
    if pieces is _NOT_HELD:
        return render(request, template_name, slots)
    values = {CSRF: get_token(request), PATH: escape(request.get_full_path())}
    if signed_in:
        values[USER] = escape(str(request.user))
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
