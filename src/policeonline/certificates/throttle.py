"""A small per-client limit on public lookups (cache-based, fixed window).

Client = REMOTE_ADDR: behind a reverse proxy, the proxy must set it to the real client address.
The limit is generous because mobile carriers put many people behind one address.
"""

from django.core.cache import cache


def allow(request, scope: str, limit: int, window_seconds: int) -> bool:
    key = f"throttle:{scope}:{request.META.get('REMOTE_ADDR', '')}"
    if cache.add(key, 1, timeout=window_seconds):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return True
