"""Moving outbox rows to the transport, and re-sending what the other side has not applied.

A row is marked shipped only after the transport said the bytes are durable; a crash in
between re-sends it, and the receiver drops the duplicate by its id. So the shipper can be
killed at any point.
"""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from . import types
from .endpoint import Endpoint
from .models import OutboxEntry, OutgoingStream

MAX_BACKOFF_STEPS = 6


def _name(entry: OutboxEntry, zone: str) -> str:
    return f"{zone}.{entry.stream.name}.{entry.seq:012d}.{entry.envelope_id}.env"


def ship(endpoint: Endpoint, limit: int = 500) -> int:
    """Send rows never shipped, oldest first. Returns how many were sent."""
    entries = list(OutboxEntry.objects.filter(shipped_at=None, stream__to_zone=endpoint.peer)
                   .select_related("stream").order_by("id")[:limit])
    if not entries:
        return 0
    endpoint.get_transport().send_batch([(_name(e, endpoint.zone), bytes(e.data)) for e in entries])
    now = timezone.now()
    ids = [e.id for e in entries]
    OutboxEntry.objects.filter(id__in=ids).update(shipped_at=now, ship_count=F("ship_count") + 1)
    # Control traffic (acks) is never acknowledged itself: done once shipped.
    unordered = [e.id for e in entries if e.stream.name == types.CONTROL_STREAM]
    if unordered:
        OutboxEntry.objects.filter(id__in=unordered).update(acked_at=now)
    return len(entries)


def apply_ack(stream_name: str, to_zone: str, next_expected: int) -> None:
    """The other side has applied everything below ``next_expected`` on this stream."""
    now = timezone.now()
    stream = OutgoingStream.objects.filter(name=stream_name, to_zone=to_zone).first()
    if stream is None or next_expected > stream.next_seq:
        return  # an ack for more than we ever sent is ignored (and cannot be forged)
    OutgoingStream.objects.filter(pk=stream.pk, acked_upto__lt=next_expected).update(
        acked_upto=next_expected, ack_received_at=now)
    OutboxEntry.objects.filter(stream=stream, seq__lt=next_expected, acked_at=None).update(
        acked_at=now)


def resend_due(endpoint: Endpoint, window: int = 200) -> int:
    """Re-send unacknowledged envelopes from the receiver's gap onwards, with backoff.

    Only the first ``window`` rows after the last acknowledged one are considered: the
    receiver holds later ones and applies them as soon as the gap is filled. While its
    acknowledgements keep advancing, nothing is re-sent: a busy receiver is not a lossy line.
    """
    now = timezone.now()
    resent = 0
    transport = None
    for stream in OutgoingStream.objects.filter(to_zone=endpoint.peer).exclude(
            name=types.CONTROL_STREAM):
        if stream.acked_upto >= stream.next_seq:
            continue  # everything sent on it has been applied
        if stream.ack_received_at and (now - stream.ack_received_at).total_seconds() < \
                endpoint.resend_after:
            continue  # the receiver is making progress: it is busy, not missing anything
        # Without the bytes first: most candidates are not due yet (backoff), and this runs
        # twice a second while a backlog drains.
        candidates = (OutboxEntry.objects.filter(
            stream=stream, acked_at=None, seq__gte=stream.acked_upto,
            shipped_at__lte=now - timedelta(seconds=endpoint.resend_after))
            .only("id", "seq", "shipped_at", "ship_count", "envelope_id").order_by("seq")[:window])
        due = [e.id for e in candidates if e.shipped_at <= now - timedelta(
            seconds=endpoint.resend_after * 2 ** min(e.ship_count - 1, MAX_BACKOFF_STEPS))]
        if not due:
            continue
        due = list(OutboxEntry.objects.filter(id__in=due).order_by("seq"))
        transport = transport or endpoint.get_transport()
        for entry in due:
            entry.stream = stream
        transport.send_batch([(_name(e, endpoint.zone), bytes(e.data)) for e in due])
        OutboxEntry.objects.filter(id__in=[e.id for e in due]).update(
            shipped_at=now, ship_count=F("ship_count") + 1)
        resent += len(due)
    return resent


def mark_for_resend(stream_name: str, to_zone: str, first: int, last: int) -> int:
    """Operator's re-send of a range: the shipper sends these rows again on its next pass."""
    return OutboxEntry.objects.filter(stream__name=stream_name, stream__to_zone=to_zone,
                                      seq__gte=first, seq__lte=last).update(shipped_at=None)
