"""Receiving: verify, refuse duplicates, keep order, apply exactly once, quarantine the rest.

For each delivery: ``open_envelope`` (size … freshness), then here: duplicate (by id), sequence
(per stream: apply the next expected, hold later ones, refuse a reused slot), body schema,
and finally the handler — whose writes, the inbox row, the stream cursor and the audit row
commit in one transaction. A database error leaves the delivery unacknowledged, so the
transport offers it again; any other handler error quarantines the envelope and moves on.
"""

import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone

from policeonline.audit.log import record

from . import types
from .endpoint import Endpoint
from .envelope import Envelope, Refused, decode_body, open_envelope
from .models import ExchangeAlert, InboxEntry, IncomingStream, QuarantinedEnvelope
from .outbox import enqueue

log = logging.getLogger("policeonline.exchange")
ACK_INTERVAL_SECONDS = 0.2
IDLE_ACK_INTERVAL_SECONDS = 2.0


@dataclass
class Tally:
    applied: int = 0
    held: int = 0
    duplicates: int = 0
    quarantined: int = 0
    touched: set = field(default_factory=set)

    def __iadd__(self, other: "Tally"):
        self.applied += other.applied
        self.held += other.held
        self.duplicates += other.duplicates
        self.quarantined += other.quarantined
        self.touched |= other.touched
        return self


def receive(endpoint: Endpoint, limit: int = 200) -> Tally:
    """Take up to ``limit`` deliveries from the transport and process each."""
    tally = Tally()
    for delivery in endpoint.get_transport().receive(limit):
        try:
            tally += process(endpoint, delivery.data, delivery.name)
        except DatabaseError:
            log.exception("database error on %s; left for redelivery", delivery.name)
            continue
        delivery.ack()
    send_acks(endpoint, tally.touched)
    raise_gap_alerts(endpoint)
    return tally


def process(endpoint: Endpoint, data: bytes, source: str = "") -> Tally:
    tally = Tally()
    try:
        envelope = open_envelope(data, zone=endpoint.zone, keyring=endpoint.keyring,
                                 max_bytes=endpoint.max_bytes)
    except Refused as refusal:
        quarantine(refusal, data, source)
        tally.quarantined += 1
        return tally
    header = envelope.header
    stream, _ = IncomingStream.objects.get_or_create(name=header["stream"], from_zone=header["from"])
    tally.touched.add(stream.pk)
    # 8. duplicate
    if InboxEntry.objects.filter(envelope_id=envelope.id).exists():
        quarantine(Refused("duplicate", "already received", header), data, source, keep=False)
        tally.duplicates += 1
        return tally
    ordered = envelope.message_type.ordered
    # 9. sequence
    if ordered:
        if InboxEntry.objects.filter(stream=stream, seq=envelope.seq).exists():
            quarantine(Refused("sequence_conflict", f"#{envelope.seq} was used by another "
                               "envelope", header), data, source)
            tally.quarantined += 1
            return tally
        if envelope.seq < stream.next_expected:
            quarantine(Refused("stale_sequence", f"#{envelope.seq} is below "
                               f"#{stream.next_expected}", header), data, source)
            tally.quarantined += 1
            return tally
        if envelope.seq > stream.next_expected:
            with transaction.atomic():
                InboxEntry.objects.create(envelope_id=envelope.id, stream=stream, seq=envelope.seq,
                                          type=envelope.message_type.name,
                                          state=InboxEntry.State.HELD, data=data)
                record("exchange", "envelope.held", _target(header), envelope=envelope.id,
                       waiting_for=stream.next_expected)
            tally.held += 1
            return tally
    tally += _apply(endpoint, stream, envelope, source)
    if ordered:
        tally += _apply_held(endpoint, stream)
    return tally


def _apply(endpoint: Endpoint, stream: IncomingStream, envelope: Envelope, source: str) -> Tally:
    tally = Tally()
    header = envelope.header
    with transaction.atomic():
        locked = IncomingStream.objects.select_for_update().get(pk=stream.pk)
        ordered = envelope.message_type.ordered
        if ordered and locked.next_expected != envelope.seq:
            return tally  # another receiver got here first; its transaction applied it
        state, outcome = InboxEntry.State.APPLIED, "envelope.applied"
        try:
            decode_body(envelope)  # 10. body schema
            handler = envelope.message_type.handler
            if handler is None:
                raise Refused("no_handler", f"{envelope.message_type.name} has no handler in "
                                            f"{endpoint.zone}", header)
            with transaction.atomic():
                handler(envelope.body, envelope)
        except Refused as refusal:
            quarantine(refusal, envelope.raw, source)
            state, outcome = InboxEntry.State.FAILED, "envelope.failed"
        except DatabaseError:
            raise
        except Exception as exc:  # noqa: BLE001 - a handler bug must not stop the stream
            log.exception("handler failed for %s", envelope.id)
            quarantine(Refused("handler_failed", f"{type(exc).__name__}: {exc}"[:500], header),
                       envelope.raw, source)
            state, outcome = InboxEntry.State.FAILED, "envelope.failed"
        now = timezone.now()
        InboxEntry.objects.update_or_create(envelope_id=envelope.id, defaults={
            "stream": locked, "seq": envelope.seq, "type": envelope.message_type.name,
            "state": state, "data": None, "applied_at": now})
        if ordered:
            IncomingStream.objects.filter(pk=locked.pk).update(next_expected=envelope.seq + 1)
            record("exchange", outcome, _target(header), envelope=envelope.id)
    if state == InboxEntry.State.APPLIED:
        tally.applied += 1
    else:
        tally.quarantined += 1
    return tally


def _apply_held(endpoint: Endpoint, stream: IncomingStream) -> Tally:
    """Apply held envelopes that have become next in line, in order."""
    tally = Tally()
    while True:
        stream.refresh_from_db()
        entry = InboxEntry.objects.filter(stream=stream, seq=stream.next_expected,
                                          state=InboxEntry.State.HELD).first()
        if entry is None:
            return tally
        try:
            envelope = open_envelope(bytes(entry.data), zone=endpoint.zone,
                                     keyring=endpoint.keyring, max_bytes=endpoint.max_bytes)
        except Refused as refusal:  # e.g. expired or its key revoked while it waited
            with transaction.atomic():
                quarantine(refusal, bytes(entry.data), "held")
                InboxEntry.objects.filter(pk=entry.pk).update(state=InboxEntry.State.FAILED,
                                                              data=None)
                IncomingStream.objects.filter(pk=stream.pk).update(next_expected=entry.seq + 1)
            tally.quarantined += 1
            continue
        tally += _apply(endpoint, stream, envelope, "held")


def quarantine(refusal: Refused, data: bytes, source: str, keep: bool = True) -> None:
    header = refusal.header
    with transaction.atomic():
        QuarantinedEnvelope.objects.create(
            reason=refusal.reason, detail=refusal.detail[:2000], source=source[:200],
            envelope_id=str(header.get("id", ""))[:36], type=str(header.get("type", ""))[:80],
            from_zone=str(header.get("from", ""))[:20], stream=str(header.get("stream", ""))[:40],
            seq=header.get("seq") if isinstance(header.get("seq"), int) else None,
            size=len(data), data=data if keep else None)
        record("exchange", "envelope.refused", _target(header) if header else source[:200],
               reason=refusal.reason)
    if refusal.reason != "duplicate":
        log.warning("quarantined %s: %s %s", source, refusal.reason, refusal.detail[:200])


def _target(header: dict) -> str:
    return f"{header.get('type', '?')}#{header.get('seq', '?')} from {header.get('from', '?')}"


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
