"""Readiness: can this process do its work? The zone's database answers, the boundary
transport is reachable, and the shared cache (Redis, when configured) answers.

Each check returns None when fine, or a short reason for the log (never shown to the caller:
the probe's answer names only which check failed)."""

import logging
import os
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

log = logging.getLogger("policeonline.monitoring")


def database() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return None


def exchange_transport() -> str | None:
    config = settings.EXCHANGE_TRANSPORT
    options = config.get("options", {})
    if config["name"] == "spool":
        # The exchange worker makes the zone's folders; the root must be there and writable.
        root = options["root"]
        if not os.path.isdir(root) or not os.access(root, os.W_OK | os.X_OK):
            return f"spool root {root} missing or not writable"
        return None
    if config["name"] == "amqp":
        import pika

        params = pika.URLParameters(options["url"])
        params.connection_attempts, params.retry_delay = 1, 0
        params.socket_timeout = params.blocked_connection_timeout = 3
        params.stack_timeout = 5
        pika.BlockingConnection(params).close()
        return None
    return f"no readiness check for transport {config['name']!r}"


def shared_cache() -> str | None:
    if "locmem" in settings.CACHES["default"]["BACKEND"].lower():
        return None  # per process: nothing to reach
    cache.set("health:probe", "1", 10)
    return None if cache.get("health:probe") == "1" else "cache did not return what was stored"


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": database, "exchange_transport": exchange_transport, "cache": shared_cache,
}


def readiness() -> dict[str, str]:
    """{check: "ok" | "fail"} for every check; failures are logged with their reason."""
    results = {}
    for name, check in CHECKS.items():
        try:
            problem = check()
        except Exception as exc:  # a probe reports, it does not raise
            problem = f"{type(exc).__name__}: {exc}"
        if problem:
            log.warning("readiness check %s failed: %s", name, problem)
        results[name] = "fail" if problem else "ok"
    return results
