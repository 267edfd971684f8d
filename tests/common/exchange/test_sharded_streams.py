"""Sharded streams: a type spread over several ordered streams by a key keeps order per key,
refuses an envelope on any stream not its own, and cannot be queued without a key."""

import random

import pytest
from django.db import transaction

from policeonline.exchange import outbox, types
from policeonline.exchange.envelope import Refused, open_envelope, seal
from policeonline.exchange.models import OutboxEntry, QuarantinedEnvelope

SHARDED = types.get("test.sharded", 1, "internet") or types.declare(types.MessageType(
    "test.sharded", 1, "internet", "intranet", stream="shard", shards=4,
    schema={"type": "object", "additionalProperties": False, "required": ["key", "n"],
            "properties": {"key": {"type": "string", "maxLength": 20},
                           "n": {"type": "integer", "minimum": 0, "maximum": 1000}}}))
RECEIVED: list[tuple[str, str, int]] = []


@types.handles("test.sharded", from_zone="internet")
def _on_sharded(body, envelope):
    RECEIVED.append((envelope.header["stream"], body["key"], body["n"]))


def test_stream_names_and_choice():
    assert SHARDED.streams == {"shard0", "shard1", "shard2", "shard3"}
    assert SHARDED.stream_for("app-1") == SHARDED.stream_for("app-1")
    assert len({SHARDED.stream_for(f"k{i}") for i in range(200)}) == 4
    with pytest.raises(ValueError, match="shard key"):
        SHARDED.stream_for(None)


def test_enqueue_needs_a_key(pair):
    with pytest.raises(ValueError), transaction.atomic():
        outbox.enqueue("test.sharded", {"key": "a", "n": 1}, endpoint=pair.internet)
    assert not OutboxEntry.objects.filter(type="test.sharded").exists()


def test_order_holds_per_key_across_reordering_and_duplicates(pair):
    RECEIVED.clear()
    keys = [f"app-{i}" for i in range(6)]
    for n in range(5):
        for key in keys:
            with transaction.atomic():
                outbox.enqueue("test.sharded", {"key": key, "n": n}, endpoint=pair.internet,
                               shard_key=key)
    streams = set(OutboxEntry.objects.filter(type="test.sharded").values_list("stream__name", flat=True))
    assert len(streams) > 1 and streams <= SHARDED.streams
    pair.ferry.faults.reorder = 0.5  # half the files wait a pass: later ones overtake them
    pair.ferry.faults.duplicate = 0.5
    pair.ferry.random = random.Random(7)
    pair.pump(rounds=25, resend=True)
    for key in keys:
        assert [n for _, k, n in RECEIVED if k == key] == [0, 1, 2, 3, 4], key
        assert {s for s, k, _ in RECEIVED if k == key} == {SHARDED.stream_for(key)}


def test_an_envelope_on_a_stream_not_its_own_is_refused(pair):
    for stream in ("shard", "main", "shard9"):
        with pytest.raises(ValueError):
            seal(SHARDED, {"key": "a", "n": 1}, keyring=pair.internet.keyring, seq=1, stream=stream)
    # Forged by hand: the header names another stream, correctly signed by the internet key.
    _, data = seal(SHARDED, {"key": "a", "n": 1}, keyring=pair.internet.keyring, seq=1,
                   stream="shard0")
    tampered_type = types.MessageType("test.sharded", 1, "internet", "intranet", stream="main",
                                      schema=SHARDED.schema)
    _, forged = seal(tampered_type, {"key": "a", "n": 1}, keyring=pair.internet.keyring, seq=1)
    with pytest.raises(Refused) as refusal:
        open_envelope(forged, zone="intranet", keyring=pair.intranet.keyring, max_bytes=1 << 20)
    assert refusal.value.reason == "wrong_direction"
    assert open_envelope(data, zone="intranet", keyring=pair.intranet.keyring, max_bytes=1 << 20)
    assert not QuarantinedEnvelope.objects.exists()


def test_enqueue_all_numbers_consecutively_on_one_stream_and_arrives_in_order(pair):
    RECEIVED.clear()
    with transaction.atomic():
        ids = outbox.enqueue_all([("test.sharded", {"key": "b", "n": n}) for n in range(4)],
                                 endpoint=pair.internet, shard_key="b")
    rows = list(OutboxEntry.objects.filter(envelope_id__in=ids).order_by("seq"))
    assert [str(r.envelope_id) for r in rows] == ids
    assert [r.seq for r in rows] == list(range(rows[0].seq, rows[0].seq + 4))
    pair.pump(rounds=3)
    assert [n for _, k, n in RECEIVED if k == "b"] == [0, 1, 2, 3]


def test_enqueue_all_refuses_messages_for_different_streams(pair):
    with pytest.raises(ValueError), transaction.atomic():
        outbox.enqueue_all([("test.sharded", {"key": "b", "n": 1}), ("exchange.probe", {"label": "x",
                                                                                      "sent_at": "x"})],
                           endpoint=pair.internet, shard_key="b")
    assert not OutboxEntry.objects.exists()
