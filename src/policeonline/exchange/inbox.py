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
from policeonline.audit.models import AuditEvent

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
    send_acks(endpoint, tally.touched)
    raise_gap_alerts(endpoint)
    return tally


def process(endpoint: Endpoint, data: bytes, source: str = "") -> Tally:
    """Process one delivery in its own transaction."""
    with transaction.atomic():
        batch = Batch(endpoint)
        batch.process_all([(data, source)])
        return batch.finish()


class HandlerFailed(Exception):
    """A handler raised inside a batch run without savepoints."""


class Batch:
    """Deliveries processed in one transaction. Each stream's row is locked on first use and
    its cursor kept in memory until ``finish``, so concurrent receivers serialise per stream
    and each envelope costs only the queries it needs."""

    def __init__(self, endpoint: Endpoint, isolate_handlers: bool = True):
        self.endpoint = endpoint
        self.isolate_handlers = isolate_handlers
        self.tally = Tally()
        self.streams: dict[tuple[str, str], IncomingStream] = {}
        self.moved: set[int] = set()
        self.known_ids: set[str] = set()  # envelope ids already in the inbox or in this batch
        self.taken: set[tuple[int, int]] = set()  # (stream, seq) slots taken
        self.new_entries: list[InboxEntry] = []
        self.audit: list[AuditEvent] = []

    def process_all(self, items: list[tuple[bytes, str]]) -> None:
        """Verify every delivery first (no database), look up all their ids and sequence
        slots in two queries, then process them in order."""
        opened = []
        for data, source in items:
            try:
                opened.append((open_envelope(data, zone=self.endpoint.zone,
                                             keyring=self.endpoint.keyring,
                                             max_bytes=self.endpoint.max_bytes), data, source))
            except Refused as refusal:
                self._refuse(refusal, data, source)
        ids = [envelope.id for envelope, _, _ in opened]
        self.known_ids |= {str(v) for v in InboxEntry.objects.filter(envelope_id__in=ids)
                           .values_list("envelope_id", flat=True)}
        slots: dict[int, list[int]] = {}
        for envelope, _, _ in opened:
            if envelope.message_type.ordered:
                stream = self.stream(envelope.header["stream"], envelope.header["from"])
                slots.setdefault(stream.pk, []).append(envelope.seq)
        for stream_pk, seqs in slots.items():
            self.taken |= {(stream_pk, seq) for seq in InboxEntry.objects.filter(
                stream_id=stream_pk, seq__in=seqs).values_list("seq", flat=True)}
        for envelope, data, source in opened:
            self._process(envelope, data, source)

    def stream(self, name: str, from_zone: str) -> IncomingStream:
        key = (name, from_zone)
        if key not in self.streams:
            IncomingStream.objects.get_or_create(name=name, from_zone=from_zone)
            stream = IncomingStream.objects.select_for_update().get(name=name, from_zone=from_zone)
            stream.has_held = InboxEntry.objects.filter(stream=stream,
                                                        state=InboxEntry.State.HELD).exists()
            self.streams[key] = stream
            self.tally.touched.add(stream.pk)
        return self.streams[key]

    def finish(self) -> Tally:
        InboxEntry.objects.bulk_create(self.new_entries)
        AuditEvent.objects.bulk_create(self.audit)
        for stream in self.streams.values():
            if stream.pk in self.moved:
                IncomingStream.objects.filter(pk=stream.pk).update(
                    next_expected=stream.next_expected)
        return self.tally

    def _process(self, envelope: Envelope, data: bytes, source: str) -> None:
        header = envelope.header
        stream = self.stream(header["stream"], header["from"])
        ordered = envelope.message_type.ordered
        # 8. duplicate id
        if envelope.id in self.known_ids:
            quarantine(Refused("duplicate", "already received", header), data, source, keep=False)
            self.tally.duplicates += 1
            return
        # 9. sequence
        if ordered:
            if (stream.pk, envelope.seq) in self.taken:
                self._refuse(Refused("sequence_conflict", f"#{envelope.seq} was used by another "
                                     "envelope", header), data, source)
                return
            if envelope.seq < stream.next_expected:
                self._refuse(Refused("stale_sequence", f"#{envelope.seq} is below "
                                     f"#{stream.next_expected}", header), data, source)
                return
            if envelope.seq > stream.next_expected:
                InboxEntry.objects.create(envelope_id=envelope.id, stream=stream, seq=envelope.seq,
                                          type=envelope.message_type.name,
                                          state=InboxEntry.State.HELD, data=data)
                self._audit("envelope.held", header, waiting_for=stream.next_expected)
                self.known_ids.add(envelope.id)
                self.taken.add((stream.pk, envelope.seq))
                stream.has_held = True
                self.tally.held += 1
                return
        self._apply(stream, envelope, source, held=None)
        if ordered:
            self._apply_held(stream)

    def _audit(self, action: str, header: dict, **detail) -> None:
        self.audit.append(AuditEvent(actor="exchange", action=action, target=_target(header),
                                     detail={"envelope": header["id"], **detail}))

    def _refuse(self, refusal: Refused, data: bytes, source: str) -> None:
        quarantine(refusal, data, source)
        self.tally.quarantined += 1

    def _apply(self, stream: IncomingStream, envelope: Envelope, source: str,
               held: InboxEntry | None) -> None:
        header = envelope.header
        state, outcome = InboxEntry.State.APPLIED, "envelope.applied"
        try:
            decode_body(envelope)  # 10. body schema
            handler = envelope.message_type.handler
            if handler is None:
                raise Refused("no_handler", f"{envelope.message_type.name} has no handler in "
                                            f"{self.endpoint.zone}", header)
            self._run(handler, envelope)
        except Refused as refusal:
            quarantine(refusal, envelope.raw, source)
            state, outcome = InboxEntry.State.FAILED, "envelope.failed"
        except (DatabaseError, HandlerFailed):
            raise
        except Exception as exc:  # noqa: BLE001 - a handler bug must not stop the stream
            log.exception("handler failed for %s", envelope.id)
            quarantine(Refused("handler_failed", f"{type(exc).__name__}: {exc}"[:500], header),
                       envelope.raw, source)
            state, outcome = InboxEntry.State.FAILED, "envelope.failed"
        now = timezone.now()
        if held is not None:
            InboxEntry.objects.filter(pk=held.pk).update(state=state, data=None, applied_at=now)
        else:  # written in bulk by ``finish``, in this same transaction
            self.new_entries.append(InboxEntry(
                envelope_id=envelope.id, stream=stream, seq=envelope.seq,
                type=envelope.message_type.name, state=state, applied_at=now))
        self.known_ids.add(envelope.id)
        self.taken.add((stream.pk, envelope.seq))
        if envelope.message_type.ordered:
            stream.next_expected = envelope.seq + 1
            self.moved.add(stream.pk)
            self._audit(outcome, header)
        if state == InboxEntry.State.APPLIED:
            self.tally.applied += 1
        else:
            self.tally.quarantined += 1

    def _run(self, handler, envelope: Envelope) -> None:
        if self.isolate_handlers:
            with transaction.atomic():  # a savepoint: a failing handler leaves nothing behind
                handler(envelope.body, envelope)
            return
        try:
            handler(envelope.body, envelope)
        except DatabaseError:
            raise
        except Exception as exc:
            raise HandlerFailed(envelope.id) from exc

    def _apply_held(self, stream: IncomingStream) -> None:
        """Apply held envelopes that have become next in line, in order."""
        while stream.has_held:
            entry = InboxEntry.objects.filter(stream=stream, seq=stream.next_expected,
                                              state=InboxEntry.State.HELD).first()
            if entry is None:
                stream.has_held = InboxEntry.objects.filter(
                    stream=stream, state=InboxEntry.State.HELD).exists()
                return
            try:
                envelope = open_envelope(bytes(entry.data), zone=self.endpoint.zone,
                                         keyring=self.endpoint.keyring,
                                         max_bytes=self.endpoint.max_bytes)
            except Refused as refusal:  # e.g. expired or its key revoked while it waited
                quarantine(refusal, bytes(entry.data), "held")
                InboxEntry.objects.filter(pk=entry.pk).update(state=InboxEntry.State.FAILED,
                                                              data=None)
                stream.next_expected = entry.seq + 1
                self.moved.add(stream.pk)
                self.tally.quarantined += 1
                continue
            self._apply(stream, envelope, "held", held=entry)


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
