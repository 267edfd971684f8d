"""Envelopes across the boundary: applied once, in order, whatever the ferry does."""

import pytest

from policeonline.audit.models import AuditEvent
from policeonline.exchange.ferry import Faults
from policeonline.exchange.models import (
    ExchangeAlert,
    InboxEntry,
    OutboxEntry,
    ProbeReceipt,
    QuarantinedEnvelope,
)
from policeonline.exchange.shipper import mark_for_resend
from policeonline.exchange.status import exchange_status

pytestmark = pytest.mark.django_db


def labels():
    return list(ProbeReceipt.objects.order_by("id").values_list("label", flat=True))


def test_a_probe_crosses_and_is_acknowledged(pair):
    pair.probe("hello")
    pair.pump()
    assert labels() == ["hello"]
    entry = OutboxEntry.objects.get(type="exchange.probe")
    assert entry.acked_at is not None  # the intranet's ack came back across the ferry
    assert not QuarantinedEnvelope.objects.exclude(reason="duplicate").exists()


def test_both_directions(pair):
    pair.probe("up", sender="internet")
    pair.probe("down", sender="intranet")
    pair.pump()
    assert sorted(labels()) == ["down", "up"]


def test_every_file_delivered_several_times_is_applied_once(pair):
    pair.ferry.faults = Faults(duplicate=1.0)
    for n in range(30):
        pair.probe(f"p{n}")
    pair.pump()
    assert labels() == [f"p{n}" for n in range(30)]
    assert QuarantinedEnvelope.objects.filter(reason="duplicate").count() >= 30


def test_reordered_delivery_is_applied_in_order(pair):
    pair.ferry.faults = Faults(reorder=0.6)
    for n in range(40):
        pair.probe(f"p{n}")
    pair.pump(rounds=30)
    assert labels() == [f"p{n}" for n in range(40)]


def test_dropped_files_are_resent_and_the_final_state_equals_in_order(pair):
    pair.ferry.faults = Faults(drop=0.3)
    for n in range(40):
        pair.probe(f"p{n}")
    pair.pump(rounds=3)
    pair.ferry.faults = Faults()  # the line recovers
    pair.pump(rounds=10, resend=True)
    assert labels() == [f"p{n}" for n in range(40)]


def test_corrupted_files_are_quarantined_then_recovered_by_resend(pair):
    pair.ferry.faults = Faults(corrupt=1.0)
    for n in range(10):
        pair.probe(f"p{n}")
    pair.pump(rounds=1)
    assert labels() == []
    assert QuarantinedEnvelope.objects.exclude(reason="duplicate").count() >= 10
    pair.ferry.faults = Faults()
    pair.pump(rounds=6, resend=True)
    assert labels() == [f"p{n}" for n in range(10)]


def test_a_gap_holds_later_envelopes_and_raises_an_alert(pair):
    pair.ferry.faults = Faults(drop=1.0)
    pair.probe("first")
    pair.pump(rounds=1)  # lost on the way
    pair.ferry.faults = Faults()
    pair.probe("second")
    pair.pump(rounds=1)
    assert labels() == []
    assert InboxEntry.objects.filter(state="held").count() == 1
    alert = ExchangeAlert.objects.get(kind="sequence_gap", resolved_at=None)
    assert "#1" in alert.detail
    # The operator re-sends the range; the gap fills and the alert resolves.
    assert mark_for_resend("main", "intranet", 1, 1) == 1
    pair.pump(rounds=2)
    assert labels() == ["first", "second"]
    assert not ExchangeAlert.objects.filter(resolved_at=None).exists()


def test_a_failing_handler_quarantines_and_the_stream_goes_on(pair, monkeypatch):
    from policeonline.exchange import types

    probe_type = types.get("exchange.probe", 1, "internet")
    original = probe_type.handler

    def flaky(body, envelope):
        if body["label"] == "bad":
            raise RuntimeError("handler bug")
        original(body, envelope)

    monkeypatch.setattr(probe_type, "handler", flaky)
    monkeypatch.setattr(probe_type, "many_handler", None)  # a handler of one envelope at a time
    for label in ["a", "bad", "c"]:
        pair.probe(label)
    pair.pump()
    assert labels() == ["a", "c"]
    failed = QuarantinedEnvelope.objects.get(reason="handler_failed")
    assert "handler bug" in failed.detail and failed.data


def test_a_handler_of_many_failing_on_one_envelope_quarantines_only_that_one(pair, monkeypatch):
    """Probes are applied a run at a time (``handles_many``); one bad body among them fails
    the whole call, and then each envelope is applied alone, in order."""
    from policeonline.exchange import types

    probe_type = types.get("exchange.probe", 1, "internet")
    original, calls = probe_type.many_handler, []

    def flaky(items):
        calls.append(len(items))
        if any(body["label"] == "bad" for body, _ in items):
            raise RuntimeError("handler bug")
        original(items)

    monkeypatch.setattr(probe_type, "many_handler", flaky)
    monkeypatch.setattr(probe_type, "handler", lambda body, envelope: flaky([(body, envelope)]))
    for label in ["a", "b", "bad", "c"]:
        pair.probe(label)
    pair.pump()
    assert labels() == ["a", "b", "c"]
    assert calls[0] == 4  # the batch handed all four over at once, then redid them one by one
    failed = QuarantinedEnvelope.objects.get(reason="handler_failed")
    assert "handler bug" in failed.detail and failed.data
    applied = InboxEntry.objects.filter(type="exchange.probe").values_list("state", flat=True)
    assert sorted(applied) == ["applied", "applied", "applied", "failed"]
    assert AuditEvent.objects.filter(action="envelope.applied").count() == 3
    assert AuditEvent.objects.filter(action="envelope.failed").count() == 1


def test_a_run_of_many_is_applied_before_the_next_envelope_of_another_type(pair, monkeypatch):
    """A run handed to a handler of many is applied before the next envelope of another type,
    so that handler sees the state the envelopes before it in the stream left."""
    from django.db import transaction

    from policeonline.exchange import outbox, types

    probe_type = types.get("exchange.probe", 1, "internet")
    runs, counted = [], []
    original = probe_type.many_handler

    def recording(items):
        runs.append([body["label"] for body, _ in items])
        original(items)

    monkeypatch.setattr(probe_type, "many_handler", recording)
    schema = {"type": "object", "additionalProperties": False, "properties": {}}
    counter = types.declare(types.MessageType("test.count_probes", 1, "internet", "intranet",
                                              schema))
    try:
        counter.handler = lambda body, envelope: counted.append(ProbeReceipt.objects.count())
        for label in ["a", "b"]:
            pair.probe(label)
        with transaction.atomic():
            outbox.enqueue("test.count_probes", {}, endpoint=pair.internet)
        pair.probe("c")
        pair.pump()
    finally:
        types._types.pop(counter.key)
    assert labels() == ["a", "b", "c"]
    assert runs == [["a", "b"], ["c"]]
    assert counted == [2]


def test_status_reports_backlog_and_sequences(pair):
    pair.probe("x")
    status = exchange_status()
    assert any(row["unshipped"] == 1 for row in status["outgoing"])
    pair.pump()
    status = exchange_status()
    outgoing = {row["stream"]: row for row in status["outgoing"]}
    assert outgoing["→ intranet/main"]["acked_upto"] == 1
    assert outgoing["→ intranet/main"]["unacked"] == 0


@pytest.mark.parametrize(("schema", "problem"), [
    ({"type": "object", "properties": {}}, "additionalProperties must be false"),
    ({"type": "object", "additionalProperties": False,
      "properties": {"name": {"type": "string"}}}, "string needs maxLength"),
    ({"type": "object", "additionalProperties": False,
      "properties": {"tags": {"type": "array", "items": {"type": "integer"}}}}, "needs maxItems"),
    ({"type": "object", "additionalProperties": False, "$defs": {}}, "keywords not allowed"),
])
def test_open_or_unbounded_message_schemas_are_refused_at_declaration(schema, problem):
    from policeonline.exchange.types import MessageType

    with pytest.raises(ValueError, match=problem):
        MessageType("test.open", 1, "internet", "intranet", schema)
