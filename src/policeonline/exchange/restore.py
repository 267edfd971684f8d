"""Resuming the exchange after a zone's database was restored from a backup (ADR 0033).

A restored zone R has forgotten everything after its backup, on both sides of its exchange
state; its peer P has not:

- *R as a receiver*: its cursors are behind what P recorded as acknowledged, so P would
  never re-send those envelopes (loss). R tells P how far it really got (``incoming``);
  P rewinds: its rows from there on are unacknowledged and shipped again (P keeps acked rows;
  any future purge must keep them at least as long as the oldest backup one may restore).
- *R as a sender*: its counters are behind the numbers its lost history used, which P has
  applied or may still receive from the transport. Re-using them for new envelopes would
  make P refuse those as ``sequence_conflict`` (loss). So ``mark_restored`` moves every
  outgoing counter to a number its lost history cannot have reached — ``now × RATE`` plus an
  hour's headroom — and records the jump [end, start) on the stream. P never applies numbers
  in a jump (``superseded``, kept in the quarantine) and its cursor steps over it once
  everything below ``end`` — which R still has and re-sends — is applied.

The request (R's jumps, R's cursors) travels on the control stream and is re-sent until P
confirms it (``exchange.resynced``, carrying P's own jumps: R's restored database may not
know them). Each side replaces its copy of the other's jumps by the list it is given; P applies
each restore once, the newest restore wins.
"""

import logging
import uuid
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from . import types
from .batch import Batch
from .endpoint import Endpoint
from .envelope import Refused
from .models import ExchangeAlert, InboxEntry, IncomingStream, OutboxEntry, OutgoingStream, Resync
from .outbox import enqueue
from .quarantine import quarantine

log = logging.getLogger("policeonline.exchange")
# Numbers reserved per second of wall-clock time since EPOCH: a stream's counter stays below
# ``t × RATE`` unless it averaged more than RATE envelopes a second since its last restore.
RATE = 1000
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
HEADROOM_SECONDS = 3600
RESEND_MIN_SECONDS = 2.0


def fresh_start(next_seq: int, now: datetime) -> int:
    """A number above everything the stream's lost history can have used."""
    return max(next_seq, int((now - EPOCH).total_seconds() + HEADROOM_SECONDS) * RATE)


def ordered_streams(zone: str) -> set[str]:
    """Every ordered stream this zone may send on (including shards never used yet)."""
    return {name for mt in types.all_types() if mt.from_zone == zone and mt.ordered
            for name in mt.streams}


def mark_restored(endpoint: Endpoint) -> Resync:
    """Run once on the restored database, before the zone's processes start again."""
    peer = endpoint.peer
    now = timezone.now()
    with transaction.atomic():
        names = ordered_streams(endpoint.zone) | set(
            OutgoingStream.objects.filter(to_zone=peer).exclude(name=types.CONTROL_STREAM)
            .values_list("name", flat=True))
        for name in sorted(names):
            stream, _ = OutgoingStream.objects.select_for_update().get_or_create(name=name,
                                                                                 to_zone=peer)
            start = fresh_start(stream.next_seq, now)
            if start > stream.next_seq:
                OutgoingStream.objects.filter(pk=stream.pk).update(
                    next_seq=start, jumps=[*stream.jumps, [stream.next_seq, start]])
        incoming = [{"stream": s.name, "next_expected": s.next_expected} for s in
                    IncomingStream.objects.filter(from_zone=peer).exclude(
                        name=types.CONTROL_STREAM).order_by("name")]
        # A handshake the backup was still waiting for is replaced by this one.
        Resync.objects.filter(role=Resync.Role.OWN, done_at=None).update(done_at=now)
        incarnation = uuid.uuid4()
        body = {"incarnation": str(incarnation), "restored_at": now.isoformat(),
                "outgoing": own_jumps(peer), "incoming": incoming}
        resync = Resync.objects.create(role=Resync.Role.OWN, incarnation=incarnation,
                                       restored_at=now, request=body)
        _send(endpoint, resync)
    log.warning("exchange of the %s zone marked restored (%s): outgoing numbering moved on, "
                "resync requested", endpoint.zone, incarnation)
    return resync


def summary(resync: Resync) -> str:
    """What an operator is told after marking (a restore, or ``exchange resync`` on a replica)."""
    streams = resync.request["outgoing"]
    start = streams[0]["skips"][-1]["start"] if streams else "—"
    return (f"({resync.incarnation}): the numbering of {len(streams)} outgoing streams resumes at "
            f"#{start}; the other zone is asked to re-send what this database lacks. Start the "
            "zone's processes again.")


def own_jumps(peer: str) -> list[dict]:
    return [{"stream": name, "skips": [{"end": e, "start": s} for e, s in jumps]}
            for name, jumps in OutgoingStream.objects.filter(to_zone=peer).exclude(
                name=types.CONTROL_STREAM).order_by("name").values_list("name", "jumps") if jumps]


def _send(endpoint: Endpoint, resync: Resync) -> None:
    enqueue("exchange.resync", resync.request, endpoint=endpoint)
    Resync.objects.filter(pk=resync.pk).update(sent_at=timezone.now(),
                                               send_count=resync.send_count + 1)


def on_request(body: dict, from_zone: str) -> None:
    """The peer says it was restored (inside the inbox's transaction): noted here, applied
    by ``housekeeping`` in a transaction of its own (it moves cursors the batch holds)."""
    Resync.objects.get_or_create(
        role=Resync.Role.PEER, incarnation=body["incarnation"],
        defaults={"restored_at": datetime.fromisoformat(body["restored_at"]), "request": body})


def on_confirmed(body: dict) -> None:
    """The peer applied our restore; its jumps are applied by ``housekeeping``."""
    Resync.objects.filter(role=Resync.Role.OWN, incarnation=body["incarnation"],
                          reply__isnull=True, done_at=None).update(reply=body)


def housekeeping(endpoint: Endpoint) -> None:
    """Apply the peer's restore requests; re-send our own until confirmed."""
    for resync in Resync.objects.filter(role=Resync.Role.PEER, done_at=None).order_by(
            "restored_at"):
        apply_peer_restore(endpoint, resync)
    for resync in Resync.objects.filter(role=Resync.Role.OWN, done_at=None, reply__isnull=False):
        with transaction.atomic():
            if Resync.objects.select_for_update().get(pk=resync.pk).done_at is not None:
                continue  # another worker of this zone got there first
            batch = Batch(endpoint)
            _fence_all(batch, endpoint.peer, resync.reply["outgoing"])
            batch.finish()
            Resync.objects.filter(pk=resync.pk).update(done_at=timezone.now())
    now = timezone.now()
    wait = max(RESEND_MIN_SECONDS, endpoint.resend_after)
    for resync in Resync.objects.filter(role=Resync.Role.OWN, done_at=None, reply__isnull=True):
        backoff = wait * 2 ** min(resync.send_count - 1, 5)
        if resync.sent_at is None or (now - resync.sent_at).total_seconds() >= backoff:
            with transaction.atomic():
                _send(endpoint, resync)


def apply_peer_restore(endpoint: Endpoint, resync: Resync) -> None:
    peer, body = endpoint.peer, resync.request
    with transaction.atomic():
        row = Resync.objects.select_for_update().get(pk=resync.pk)
        if row.done_at is not None:
            return
        newer = Resync.objects.filter(role=Resync.Role.PEER, restored_at__gt=row.restored_at,
                                      done_at__isnull=False).exists()
        if not newer:
            _rewind_outgoing(peer, {s["stream"]: s["next_expected"] for s in body["incoming"]})
            batch = Batch(endpoint)
            _fence_all(batch, peer, body["outgoing"])
            batch.finish()
        Resync.objects.filter(pk=row.pk).update(done_at=timezone.now())
        enqueue("exchange.resynced", {"incarnation": body["incarnation"],
                                      "outgoing": own_jumps(peer)}, endpoint=endpoint)
    log.warning("the %s zone was restored (%s): %s", peer, body["incarnation"],
                "older than a restore already applied, ignored" if newer else "resynced")


def _rewind_outgoing(peer: str, applied: dict[str, int]) -> None:
    """Make our envelopes the restored peer no longer has unacknowledged, to be shipped again."""
    for stream in OutgoingStream.objects.select_for_update().filter(to_zone=peer).exclude(
            name=types.CONTROL_STREAM):
        next_expected = applied.get(stream.name, 1)
        if next_expected >= stream.acked_upto:
            continue
        first = OutboxEntry.objects.filter(stream=stream, seq__gte=next_expected).aggregate(
            first=Min("seq"))["first"]
        if first is None or first > next_expected:
            ExchangeAlert.objects.create(
                kind="resync_gap", stream=f"{peer}/{stream.name}",
                detail=f"#{next_expected}–#{(first or stream.next_seq) - 1} are no longer in the "
                       "outbox and cannot be re-sent")
        OutgoingStream.objects.filter(pk=stream.pk).update(acked_upto=next_expected)
        # Shipped again at once, and re-sent from the first backoff step if lost again.
        rows = OutboxEntry.objects.filter(stream=stream, seq__gte=next_expected).update(
            acked_at=None, shipped_at=None, ship_count=0)
        log.warning("re-sending %d envelopes of %s from #%d to the restored %s zone", rows,
                    stream.name, next_expected, peer)


def _fence_all(batch: Batch, peer: str, outgoing: list[dict]) -> None:
    """The peer's jumps, as it now knows them, replace ours; its streams not listed have none."""
    listed = {item["stream"]: [[j["end"], j["start"]] for j in item["skips"]] for item in outgoing}
    fenced = {name for name, skips in IncomingStream.objects.filter(from_zone=peer)
              .values_list("name", "skips") if skips}
    for name in sorted(set(listed) | fenced):
        _fence(batch, peer, name, listed.get(name, []))


def _fence(batch: Batch, peer: str, name: str, skips: list[list[int]]) -> None:
    """Never apply the peer's numbers inside its jumps; step the cursor over them."""
    stream = batch.stream(name, peer)
    new = [pair for pair in skips if pair not in stream.skips]
    stream.skips = sorted(skips)
    IncomingStream.objects.filter(pk=stream.pk).update(skips=stream.skips)
    for end, _start in new:
        if stream.next_expected > end:
            ExchangeAlert.objects.create(
                kind="restored_peer", stream=f"{peer}/{name}",
                detail=f"the {peer} zone was restored: #{end}–#{stream.next_expected - 1} were "
                       "applied here but are no longer known there")
    moved_to = stream.beyond_skips(stream.next_expected)
    if moved_to != stream.next_expected:
        stream.next_expected = moved_to
        batch.moved.add(stream.pk)
    # Held envelopes of the lost history: kept in the quarantine, never applied.
    for held in InboxEntry.objects.filter(stream=stream, state=InboxEntry.State.HELD).order_by("seq"):
        if not stream.skipped(held.seq):
            continue
        quarantine(Refused("superseded", f"#{held.seq} belongs to the history the {peer} zone "
                           "lost in its restore", {"id": str(held.envelope_id), "type": held.type,
                                                   "from": peer, "stream": name,
                                                   "seq": held.seq}),
                   bytes(held.data), "held")
        InboxEntry.objects.filter(pk=held.pk).update(state=InboxEntry.State.FAILED, data=None)
    stream.has_held = InboxEntry.objects.filter(stream=stream,
                                                state=InboxEntry.State.HELD).exists()
    batch._apply_held(stream)
