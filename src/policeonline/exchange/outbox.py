"""Sending: the transactional outbox.

``enqueue`` is called inside the business transaction: the signed envelope row commits with
the business change or not at all, so nothing is sent that did not happen and nothing that
happened goes unsent. The shipper moves rows to the transport later.
"""

from django.db import connection, transaction

from policeonline.audit.log import record
from policeonline.core import rows

from . import types
from .endpoint import Endpoint, default_endpoint
from .envelope import seal
from .models import OutboxEntry, OutgoingStream


def enqueue(type_name: str, body: dict, *, version: int = 1, correlation_id: str | None = None,
            endpoint: Endpoint | None = None, shard_key: str | None = None) -> str:
    """Queue one envelope for the other zone; return its id. A sharded type needs
    ``shard_key``: envelopes with the same key share a stream and keep their order."""
    endpoint = endpoint or default_endpoint()
    message_type = types.get(type_name, version, endpoint.zone)
    if message_type is None:
        raise LookupError(f"{type_name} v{version} may not be sent from {endpoint.zone}")
    name = message_type.stream_for(shard_key)
    with transaction.atomic(savepoint=False):
        stream_id, seq = _take_seqs(name, message_type.to_zone, 1)
        envelope_id, data = seal(message_type, body, keyring=endpoint.keyring, seq=seq,
                                 correlation_id=correlation_id, stream=name)
        OutboxEntry.objects.create(envelope_id=envelope_id, stream_id=stream_id, seq=seq,
                                   type=type_name, data=data)
        if message_type.ordered:  # control traffic (acks) would drown the log
            record("exchange", "envelope.queued", f"{type_name}#{seq}", envelope=envelope_id,
                   to=message_type.to_zone)
    return envelope_id


def enqueue_all(messages: list[tuple[str, dict]], *, correlation_id: str | None = None,
                endpoint: Endpoint | None = None, shard_key: str | None = None) -> list[str]:
    """Queue several envelopes that travel together, in this order, on one stream (e.g. a
    submission's files and then the submission): one lock of the stream's counter, one
    insert for all rows and one for their audit entries. Returns their ids."""
    from policeonline.audit.models import AuditEvent

    endpoint = endpoint or default_endpoint()
    resolved = []
    for type_name, body in messages:
        message_type = types.get(type_name, 1, endpoint.zone)
        if message_type is None:
            raise LookupError(f"{type_name} v1 may not be sent from {endpoint.zone}")
        resolved.append((type_name, body, message_type))
    names = {message_type.stream_for(shard_key) for _, _, message_type in resolved}
    if len(names) != 1 or not all(mt.ordered for _, _, mt in resolved):
        raise ValueError(f"enqueue_all needs one ordered stream; these go to {sorted(names)}")
    name = names.pop()
    with transaction.atomic(savepoint=False):
        stream_id, first = _take_seqs(name, resolved[0][2].to_zone, len(resolved))
        entries, audit = [], []
        for offset, (type_name, body, message_type) in enumerate(resolved):
            seq = first + offset
            envelope_id, data = seal(message_type, body, keyring=endpoint.keyring, seq=seq,
                                     correlation_id=correlation_id, stream=name)
            entries.append(OutboxEntry(envelope_id=envelope_id, stream_id=stream_id, seq=seq,
                                       type=type_name, data=data))
            audit.append(AuditEvent(actor="exchange", action="envelope.queued",
                                    target=f"{type_name}#{seq}",
                                    detail={"envelope": envelope_id, "to": message_type.to_zone}))
        rows.insert(entries)  # plain INSERTs (ADR 0040): a submission's hot path
        rows.insert(audit)
    return [entry.envelope_id for entry in entries]


def _take_seqs(name: str, to_zone: str, count: int) -> tuple[int, int]:
    """Reserve ``count`` consecutive sequence numbers of a stream: (stream id, first number).

    One UPDATE … RETURNING both locks the stream's row (until the business transaction
    commits, so numbers are gap-free and in commit order per stream) and moves the counter:
    one round trip on the hottest row of the zone instead of a locking read and a write."""
    table = connection.ops.quote_name(OutgoingStream._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET next_seq = next_seq + %s "  # noqa: S608 - our table name
                       "WHERE name = %s AND to_zone = %s RETURNING id, next_seq",
                       [count, name, to_zone])
        row = cursor.fetchone()
    if row is not None:
        return row[0], row[1] - count
    # The stream's first envelope: create its row (a concurrent creator wins; then lock it).
    stream, _ = OutgoingStream.objects.select_for_update().get_or_create(name=name, to_zone=to_zone)
    OutgoingStream.objects.filter(pk=stream.pk).update(next_seq=stream.next_seq + count)
    return stream.pk, stream.next_seq
