"""Receiving: verify, refuse duplicates, keep order, apply exactly once, quarantine the rest.

For each delivery: ``open_envelope`` (size … freshness), then here: duplicate (by id), sequence
(per stream: apply the next expected, hold later ones, refuse a reused slot), body schema,
and finally the handler — whose writes, the inbox row, the stream cursor and the audit row
commit in one transaction. A database error leaves the delivery unacknowledged, so the
transport offers it again; any other handler error quarantines the envelope and moves on.
"""

import logging
import time

from django.db import DatabaseError, transaction
from django.utils import timezone

from . import restore, types
from .batch import Batch, HandlerFailed, Tally
from .endpoint import Endpoint
from .models import ExchangeAlert, InboxEntry, IncomingStream
from .outbox import enqueue

log = logging.getLogger("policeonline.exchange")
ACK_INTERVAL_SECONDS = 0.2
IDLE_ACK_INTERVAL_SECONDS = 2.0
IDLE_CHECK_SECONDS = 1.0


def receive(endpoint: Endpoint, limit: int = 200) -> Tally:
    """Take up to ``limit`` deliveries from the transport and process them.

    Group commit: the whole batch is applied in one transaction and acknowledged to the
    transport after it commits. If the batch fails on a database error, each delivery is
    retried in its own transaction, so one bad delivery cannot hold up the others.
    """
    deliveries = list(endpoint.get_transport().receive(limit))
    tally = Tally()
    if deliveries:
        try:
            with transaction.atomic():
                batch = Batch(endpoint, isolate_handlers=False)
                batch.process_all([(d.data, d.name) for d in deliveries])
                tally = batch.finish()
        except (DatabaseError, HandlerFailed):
            # Handlers ran without savepoints (one statement less each, on the hot path); when
            # one fails, the batch is redone one delivery at a time, each handler isolated.
            log.warning("batch of %d failed; one by one", len(deliveries))
            tally = Tally()
            for delivery in deliveries:
                try:
                    tally += process(endpoint, delivery.data, delivery.name)
                except DatabaseError:
                    log.exception("database error on %s; left for redelivery", delivery.name)
                    continue
                delivery.ack()
        else:
            for delivery in deliveries:
                delivery.ack()
    # Bookkeeping after work, or at most every IDLE_CHECK_SECONDS when idle: an idle worker
    # should not query the database twenty times a second.
    now = time.monotonic()
    if deliveries or now - endpoint.last_checks >= IDLE_CHECK_SECONDS:
        endpoint.last_checks = now
        restore.housekeeping(endpoint)
        send_acks(endpoint, tally.touched)
        raise_gap_alerts(endpoint)
    return tally


def process(endpoint: Endpoint, data: bytes, source: str = "") -> Tally:
    """Process one delivery in its own transaction."""
    with transaction.atomic():
        batch = Batch(endpoint)
        batch.process_all([(data, source)])
        return batch.finish()


def send_acks(endpoint: Endpoint, touched: set) -> None:
    """Tell the sender how far each stream got, when it moved or when it seems to need it."""
    now = timezone.now()
    for stream in IncomingStream.objects.filter(from_zone=endpoint.peer).exclude(
            name=types.CONTROL_STREAM):
        since = (now - stream.ack_sent_at).total_seconds() if stream.ack_sent_at else None
        moved = stream.next_expected != stream.ack_sent_upto
        due = (since is None or since >= ACK_INTERVAL_SECONDS) if moved else \
            (stream.pk in touched and (since is None or since >= IDLE_ACK_INTERVAL_SECONDS))
        if not due:
            continue
        with transaction.atomic():
            enqueue("exchange.ack", {"stream": stream.name, "next_expected": stream.next_expected},
                    endpoint=endpoint)
            IncomingStream.objects.filter(pk=stream.pk).update(ack_sent_upto=stream.next_expected,
                                                               ack_sent_at=now)


def raise_gap_alerts(endpoint: Endpoint) -> None:
    """Alert when a stream has waited too long for a missing sequence number."""
    now = timezone.now()
    for stream in IncomingStream.objects.filter(from_zone=endpoint.peer).exclude(
            name=types.CONTROL_STREAM):
        label = f"{stream.from_zone}/{stream.name}"
        oldest = (InboxEntry.objects.filter(stream=stream, state=InboxEntry.State.HELD)
                  .order_by("received_at").first())
        open_alerts = ExchangeAlert.objects.filter(kind="sequence_gap", stream=label,
                                                   resolved_at=None)
        if oldest is None:
            open_alerts.update(resolved_at=now)
        elif (now - oldest.received_at).total_seconds() >= endpoint.gap_alert_after and \
                not open_alerts.exists():
            detail = (f"waiting for #{stream.next_expected} since {oldest.received_at:%H:%M:%S}; "
                      f"{InboxEntry.objects.filter(stream=stream, state='held').count()} held")
            ExchangeAlert.objects.create(kind="sequence_gap", stream=label, detail=detail)
            log.error("exchange sequence gap on %s: %s", label, detail)
