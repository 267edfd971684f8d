"""The home page's box of the latest notices, rendered once per notices *version* and language.

Notices change only through the exchange (``handlers``: published, withdrawn), a few times a
day; the home page is the most visited page. So the rendered box is held per process under a
version read from the database — how many notices there are, how many are withdrawn, the newest
arrival — at most every ``NOTICES_RECHECK_MS`` milliseconds (like the catalog's edition token,
ADR 0036; this is ADR 0039). A withdrawal is an ``UPDATE`` without model signals, so the version
is the count of withdrawn rows rather than anything a signal would have to keep. The handlers
also tell this process after their commit, so a notice applied here shows (or goes) at once;
other processes follow within the recheck interval. Inside a transaction the version is read
every time (what it sees may be rolled back).
"""

import threading
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from . import queries
from .models import PublicNotice

_lock = threading.Lock()
_state: dict = {"version": None, "checked": 0.0, "boxes": {}}


def _version() -> tuple:
    now = time.monotonic()
    recheck = getattr(settings, "NOTICES_RECHECK_MS", 1000) / 1000
    version = _state["version"]
    if version is None or connection.in_atomic_block or now - _state["checked"] >= recheck:
        row = PublicNotice.objects.aggregate(rows=Count("pk"), withdrawn=Count("withdrawn_at"),
                                             newest=Max("received_at"))
        version = (row["rows"], row["withdrawn"], row["newest"])
        _state["version"], _state["checked"] = version, now
    return version


def box(count: int = 5) -> SafeString:
    """The latest ``count`` visible notices as the home page shows them (nothing personal)."""
    key = (_version(), get_language(), count)
    with _lock:
        found = _state["boxes"].get(key)
    if found is not None:
        return found
    html = render_to_string("notices/_latest.html", {"notices": queries.latest(count)})
    with _lock:
        boxes = _state["boxes"]
        if any(held[0] != key[0] for held in boxes):  # only the newest version is kept
            boxes.clear()
        boxes[key] = html
    return html


def _reread() -> None:
    with _lock:
        _state["version"] = None


def changed() -> None:
    """A handler in this process changed notices: read the version again once it commits."""
    transaction.on_commit(_reread)
