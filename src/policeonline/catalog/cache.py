"""Catalog items by code, held in each process's memory for a short while.

Submitting, saving and checking applications read their item on every request, and an item row
is large (its form, guide texts, materials). The catalog changes only when an edition is loaded,
so an item may be served from memory for ``TTL_SECONDS``: a load in this process clears it at
once (signals and the loader), other processes see the new edition within the TTL.
Callers must treat the returned item as read-only: it is shared between requests.
"""

import threading
import time

TTL_SECONDS = 60.0

_items: dict[str, tuple[float, object]] = {}
_lock = threading.Lock()


def item_by_code(code: str):
    """The catalog Item with this code (with its category and department); DoesNotExist if none."""
    from .models import Item

    now = time.monotonic()
    held = _items.get(code)
    if held is not None and held[0] > now:
        return held[1]
    item = Item.objects.select_related("category", "department").get(code=code)
    with _lock:
        if len(_items) > 1000:  # a catalog has ~100 items; this only bounds misuse
            _items.clear()
        _items[code] = (now + TTL_SECONDS, item)
    return item


def forget(**_kwargs) -> None:
    """Drop everything held (connected to saves and deletes of catalog rows, and to loads)."""
    with _lock:
        _items.clear()
