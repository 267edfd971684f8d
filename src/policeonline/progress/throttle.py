"""Limits against enumeration (cache-based, fixed windows): lookups per client address, and
failed answers per receipt number — after too many wrong names or digits a receipt number is
locked for a while whoever asks, so guessing from many addresses does not help either.

Client = REMOTE_ADDR: behind a reverse proxy, the proxy must set it to the real client address.
"""

from django.conf import settings
from django.core.cache import cache

DEFAULTS = {"per_client": 20, "client_window": 600, "failures_per_receipt": 5, "receipt_window": 3600}


def limits() -> dict:
    return {**DEFAULTS, **getattr(settings, "PROGRESS_QUERY_LIMITS", {})}


def _count(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def client_allowed(request) -> bool:
    """Counts this lookup; False once the client has made too many in the window."""
    lim = limits()
    key = f"progress:client:{request.META.get('REMOTE_ADDR', '')}"
    return _count(key, lim["client_window"]) <= lim["per_client"]


def receipt_locked(receipt_no: str) -> bool:
    return (cache.get(f"progress:receipt:{receipt_no}") or 0) >= limits()["failures_per_receipt"]


def receipt_failed(receipt_no: str) -> None:
    _count(f"progress:receipt:{receipt_no}", limits()["receipt_window"])
