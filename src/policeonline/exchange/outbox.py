"""Sending: the transactional outbox.

``enqueue`` is called inside the business transaction: the signed envelope row commits with
the business change or not at all, so nothing is sent that did not happen and nothing that
happened goes unsent. The shipper moves rows to the transport later.
"""

from django.db import transaction

from policeonline.audit.log import record

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
    with transaction.atomic():
        stream, _ = OutgoingStream.objects.select_for_update().get_or_create(
            name=message_type.stream_for(shard_key), to_zone=message_type.to_zone)
        seq = stream.next_seq
        OutgoingStream.objects.filter(pk=stream.pk).update(next_seq=seq + 1)
        envelope_id, data = seal(message_type, body, keyring=endpoint.keyring, seq=seq,
                                 correlation_id=correlation_id, stream=stream.name)
        OutboxEntry.objects.create(envelope_id=envelope_id, stream=stream, seq=seq,
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
    with transaction.atomic():
        stream, _ = OutgoingStream.objects.select_for_update().get_or_create(
            name=names.pop(), to_zone=resolved[0][2].to_zone)
        first = stream.next_seq
        OutgoingStream.objects.filter(pk=stream.pk).update(next_seq=first + len(resolved))
        entries, audit = [], []
        for offset, (type_name, body, message_type) in enumerate(resolved):
            seq = first + offset
            envelope_id, data = seal(message_type, body, keyring=endpoint.keyring, seq=seq,
                                     correlation_id=correlation_id, stream=stream.name)
            entries.append(OutboxEntry(envelope_id=envelope_id, stream=stream, seq=seq,
                                       type=type_name, data=data))
            audit.append(AuditEvent(actor="exchange", action="envelope.queued",
                                    target=f"{type_name}#{seq}",
                                    detail={"envelope": envelope_id, "to": message_type.to_zone}))
        OutboxEntry.objects.bulk_create(entries)
        AuditEvent.objects.bulk_create(audit)
    return [entry.envelope_id for entry in entries]
