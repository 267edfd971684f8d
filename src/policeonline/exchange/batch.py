"""A batch of deliveries applied in one transaction: the inbox's checks after the envelope's
own (duplicate, sequence, body), the handlers, and the bookkeeping written in bulk."""

import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from policeonline.audit.models import AuditEvent

from .endpoint import Endpoint
from .envelope import Envelope, Refused, decode_body, open_envelope
from .models import InboxEntry, IncomingStream, QuarantinedEnvelope
from .quarantine import quarantine, quarantine_rows, target

log = logging.getLogger("policeonline.exchange")


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


def insert_rows(model, names: list[str], rows: list[tuple]) -> None:
    """Insert rows given as tuples of field values (in ``names`` order), many per statement.

    What ``bulk_create`` does, without building a model instance and compiling every field of
    every row: on the inbox's hot path that was a third of the receiver's time. Each value
    still goes through its field's ``get_db_prep_save`` for this database (UUIDs, times,
    JSON); defaults and ``auto_now_add`` are not applied, so pass every column that needs one.
    """
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, connection.ops.bulk_batch_size(fields, rows))
    with connection.cursor() as cursor:
        for first in range(0, len(rows), size):
            part = rows[first:first + size]
            params = [field.get_db_prep_save(value, connection)
                      for row in part for field, value in zip(fields, row, strict=True)]
            cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
                           f"VALUES {', '.join([one] * len(part))}", params)


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
        # Rows ``finish`` writes, as plain tuples (see ``insert_rows``): (envelope id, stream
        # id, seq, type, state, applied at) and (action, target, detail).
        self.new_entries: list[tuple] = []
        self.audit: list[tuple[str, str, dict]] = []
        self.now = timezone.now()  # one time for the rows of one transaction
        self.duplicates: list[QuarantinedEnvelope] = []
        # A run of consecutive envelopes of one type with a ``many_handler``, not yet handed
        # over: applied before any other handler runs and before ``finish`` writes the rows.
        self.run_type = None
        self.run: list[tuple[dict, Envelope]] = []

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
        self._flush_run()
        insert_rows(InboxEntry, ["envelope_id", "stream", "seq", "type", "state", "applied_at",
                                 "received_at"], [(*row, self.now) for row in self.new_entries])
        QuarantinedEnvelope.objects.bulk_create(self.duplicates)
        insert_rows(AuditEvent, ["action", "target", "detail", "actor", "at"],
                    [(*row, "exchange", self.now) for row in self.audit])
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
            row, audit = quarantine_rows(Refused("duplicate", "already received", header), data,
                                         source, keep=False)
            self.duplicates.append(row)
            self.audit.append((audit.action, audit.target, audit.detail))
            self.tally.duplicates += 1
            return
        # 9. sequence
        if ordered:
            if (stream.pk, envelope.seq) in self.taken:
                self._refuse(Refused("sequence_conflict", f"#{envelope.seq} was used by another "
                                     "envelope", header), data, source)
                return
            if stream.skips and stream.skipped(envelope.seq):
                self._refuse(Refused("superseded", f"#{envelope.seq} belongs to the history the "
                                     f"{header['from']} zone lost in its restore", header),
                             data, source)
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
        self.audit.append((action, target(header), {"envelope": header["id"], **detail}))

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
        if held is not None:
            InboxEntry.objects.filter(pk=held.pk).update(state=state, data=None,
                                                          applied_at=self.now)
        else:  # written in bulk by ``finish``, in this same transaction
            self.new_entries.append((envelope.id, stream.pk, envelope.seq,
                                     envelope.message_type.name, state, self.now))
        self.known_ids.add(envelope.id)
        self.taken.add((stream.pk, envelope.seq))
        if envelope.message_type.ordered:
            stream.next_expected = stream.after(envelope.seq)
            self.moved.add(stream.pk)
            self._audit(outcome, header)
        if state == InboxEntry.State.APPLIED:
            self.tally.applied += 1
        else:
            self.tally.quarantined += 1

    def _run(self, handler, envelope: Envelope) -> None:
        message_type = envelope.message_type
        if not self.isolate_handlers and message_type.many_handler is not None:
            # Deferred to one call for the run; if it fails, the batch is redone one by one.
            if self.run_type is not message_type:
                self._flush_run()
                self.run_type = message_type
            self.run.append((envelope.body, envelope))
            return
        self._flush_run()  # what came before it in the batch is applied first
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

    def _flush_run(self) -> None:
        if not self.run:
            return
        run, self.run, message_type, self.run_type = self.run, [], self.run_type, None
        try:
            message_type.many_handler(run)
        except DatabaseError:
            raise
        except Exception as exc:
            raise HandlerFailed(run[0][1].id) from exc

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
                stream.next_expected = stream.after(entry.seq)
                self.moved.add(stream.pk)
                self.tally.quarantined += 1
                continue
            self._apply(stream, envelope, "held", held=entry)
