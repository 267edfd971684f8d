"""The exchange worker of one zone: ship, receive, re-send, in a loop.

    manage.py exchange run

One process per zone is enough for a city; several can run side by side (the outbox rows and
the inbox cursor are locked per stream, deliveries deduplicated by envelope id).
"""

import logging
import signal
import time

from django.db import InterfaceError, OperationalError, close_old_connections, connection

from .endpoint import Endpoint
from .inbox import receive
from .shipper import resend_due, ship

log = logging.getLogger("policeonline.exchange")


def run(endpoint: Endpoint, *, interval: float = 0.05, stop_after: float | None = None) -> None:
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    started = time.monotonic()
    log.info("exchange worker for the %s zone started", endpoint.zone)
    while not stopping:
        if stop_after is not None and time.monotonic() - started > stop_after:
            break
        close_old_connections()
        try:
            busy = step(endpoint)
        except (OperationalError, InterfaceError):
            # The database went away (restart, failover): nothing half-done survives a rolled-back
            # transaction, so wait and carry on with a new connection.
            log.exception("database unavailable; retrying")
            connection.close()
            time.sleep(0.5)
            continue
        if not busy:
            time.sleep(interval)
    log.info("exchange worker stopped")


RESEND_CHECK_SECONDS = 0.5
_last_resend_check = 0.0


def step(endpoint: Endpoint) -> int:
    """One pass; returns how much work it did (0 = idle)."""
    global _last_resend_check
    shipped = ship(endpoint)
    tally = receive(endpoint)
    resent = 0
    if time.monotonic() - _last_resend_check >= RESEND_CHECK_SECONDS:
        _last_resend_check = time.monotonic()
        resent = resend_due(endpoint)
    return shipped + tally.applied + tally.held + tally.duplicates + tally.quarantined + resent
