"""What the catalog pages and the catalog API produce, held in each process for the edition in force.

The catalog changes only when an edition is loaded (``load_catalog``: one transaction that
rewrites the tables and adds a ``CatalogEdition`` row). So rendered fragments and JSON bodies
are kept per process under the *edition token*: the newest ``CatalogEdition`` row, read from the
database (the one source every process and server shares) at most every
``CATALOG_RECHECK_MS`` milliseconds. After a load commits, every process serves the new edition
within that time (1 s by default; 0 checks on every request); the process that loaded, and any
process that writes catalog rows, at once. Nothing needs to be told. See ADR 0036.

- Only non-personal output belongs here. Fragments are rendered without the request (no user,
  no session, no CSRF token, no messages can reach them); callers put the language and the
  elder mode in the key.
- Entries are kept only for the newest token seen, within ``MAX_BYTES`` per process (least
  recently used first out): a few hundred pages in two languages and two text sizes fit.
- Saves and deletes of catalog rows in this process (tests, a shell) change the token as well.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

MAX_BYTES = 32 * 1024 * 1024

_lock = threading.Lock()
_entries: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
_state = {"token": None, "bytes": 0, "local": 0, "edition": None, "checked": 0.0}


def edition_token() -> str:
    """The catalog edition in force (id and digest of its files) plus this process's count of
    writes to catalog rows. Reads the database when the last reading is older than
    ``CATALOG_RECHECK_MS`` (or inside a transaction); call it once per request."""
    from django.conf import settings
    from django.db import connection

    from .models import CatalogEdition

    now = time.monotonic()
    recheck = getattr(settings, "CATALOG_RECHECK_MS", 1000) / 1000
    edition = _state["edition"]
    # Inside a transaction (a test, an atomic view) the edition is read from it every time: what
    # it sees may be a load that is rolled back afterwards.
    if edition is None or connection.in_atomic_block or now - _state["checked"] >= recheck:
        row = CatalogEdition.objects.order_by("-pk").values_list("pk", "digest").first()
        edition = f"{row[0]}:{row[1]}" if row else "none"
        _state["edition"], _state["checked"] = edition, now
    return f"{edition}:{_state['local']}"


def held(token: str, key: tuple, build: Callable[[], T], size: Callable[[T], int] = len) -> T:
    """The value held for ``key`` under ``token``, built (and held) when missing.

    ``build`` must return the same thing for the same token and key whoever asks: never
    anything that depends on the visitor beyond what ``key`` says.
    """
    with _lock:
        if _state["token"] != token:
            _entries.clear()
            _state["token"], _state["bytes"] = token, 0
        found = _entries.get(key)
        if found is not None:
            _entries.move_to_end(key)
            return found[0]
    value = build()
    cost = size(value)
    with _lock:
        if _state["token"] == token and key not in _entries and cost <= MAX_BYTES:
            _entries[key] = (value, cost)
            _state["bytes"] += cost
            while _state["bytes"] > MAX_BYTES:
                _old_key, (_old, old_cost) = _entries.popitem(last=False)
                _state["bytes"] -= old_cost
    return value


def held_bytes() -> int:
    """What this process holds now (for tests and the performance notes)."""
    return _state["bytes"]


def forget(**_kwargs) -> None:
    """Catalog rows were written in this process (connected to the models' save and delete
    signals, so a load fires it too): the next token differs and is read afresh from the
    database, so nothing held is used again."""
    with _lock:
        _state["local"] += 1
        _state["edition"] = None
        _entries.clear()
        _state["bytes"] = 0
