"""Named bad envelopes: each is quarantined with the right reason and applies nothing."""

import base64
from datetime import UTC, datetime, timedelta

import pytest

from policeonline.exchange import codec, types
from policeonline.exchange.envelope import MAGIC, seal
from policeonline.exchange.inbox import process
from policeonline.exchange.keys import Keyring
from policeonline.exchange.models import ProbeReceipt, QuarantinedEnvelope

pytestmark = pytest.mark.django_db
PROBE = types.get("exchange.probe", 1, "internet")


def body(label="x", **extra):
    return {"label": label, "sent_at": "2026-11-27T00:00:00Z", **extra}


def valid(pair, seq=1, label="x", **kwargs) -> bytes:
    return seal(PROBE, body(label), keyring=pair.internet.keyring, seq=seq, **kwargs)[1]


def forge(pair, *, header=None, payload=None, keyring=None, magic=MAGIC, tail=b"",
          raw_header=None, fix_digest=True) -> bytes:
    """Build and sign an envelope with arbitrary contents, as a sender with a key could."""
    keyring = keyring or pair.internet.keyring
    kid, suite_name, private = keyring.signing_key()
    from policeonline.exchange.crypto.registry import get_suite

    suite = get_suite(suite_name)
    payload = codec.dumps(body()) if payload is None else payload
    now = datetime.now(UTC)
    fields = {"id": "0b8a1c1e-6f1d-4a8e-9d58-7d4d5f0e0a01", "type": "exchange.probe",
              "type_version": 1, "from": "internet", "to": "intranet", "stream": "main",
              "seq": 1, "created_at": now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
              "expires_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
              "correlation_id": None, "key_id": kid, "suite": suite_name,
              "payload_length": len(payload), "payload_digest": suite.digest(payload),
              "attachments": []}
    fields.update(header or {})
    if not fix_digest:
        fields["payload_digest"] = "0" * 64
    header_bytes = raw_header if raw_header is not None else codec.dumps(fields)
    signed = magic + b"\n" + header_bytes + b"\n" + payload + b"\n"
    return signed + base64.b64encode(suite.sign(private, signed)) + b"\n" + tail


def flip(data: bytes, index: int) -> bytes:
    out = bytearray(data)
    out[index] ^= 0x01
    return bytes(out)


def stranger(tmp_path) -> Keyring:
    ring = Keyring(tmp_path / "stranger", "internet")
    ring.create()
    return ring


def _past(days):
    return (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


CASES = {
    "oversize": ("oversize", lambda p, t: b"x" * (p.intranet.max_bytes + 1)),
    "oversize_for_type": ("oversize", lambda p, t: forge(p, payload=codec.dumps(
        body(padding="y" * 59000)) + b" " * 6000)),
    "not_an_envelope": ("bad_version", lambda p, t: b"hello world\n"),
    "future_protocol": ("bad_version", lambda p, t: forge(p, magic=b"PSO-ENVELOPE/2")),
    "truncated_half": ("truncated", lambda p, t: valid(p)[:len(valid(p)) // 2]),
    "missing_signature": ("truncated", lambda p, t: valid(p).rsplit(b"\n", 2)[0] + b"\n"),
    "extra_after_signature": ("truncated", lambda p, t: forge(p, tail=b"appended\n")),
    "non_utf8_header": ("not_utf8", lambda p, t: forge(p, raw_header=b'{"id":"\xff\xfe"}')),
    "duplicate_header_keys": ("duplicate_keys", lambda p, t: forge(
        p, raw_header=codec.dumps({"a": 1})[:-1] + b',"a":2}')),
    "header_not_object": ("bad_header", lambda p, t: forge(p, raw_header=b"[1,2,3]")),
    "header_missing_field": ("bad_header", lambda p, t: forge(
        p, raw_header=codec.dumps({"id": "x"}))),
    "header_extra_field": ("bad_header", lambda p, t: forge(p, header={"priority": "urgent"})),
    "header_bad_time": ("bad_header", lambda p, t: forge(p, header={"created_at": "yesterday"})),
    "unregistered_type": ("unknown_type", lambda p, t: forge(p, header={"type": "cases.delete_all"})),
    "unknown_type_version": ("unknown_type", lambda p, t: forge(p, header={"type_version": 9})),
    "wrong_direction": ("wrong_direction", lambda p, t: forge(p, header={"to": "internet"})),
    "wrong_stream": ("wrong_direction", lambda p, t: forge(p, header={"stream": "control"})),
    "unknown_key_id": ("unknown_key", lambda p, t: forge(p, header={"key_id": "internet-nobody"})),
    "stranger_key": ("unknown_key", lambda p, t: forge(p, keyring=stranger(t))),
    "own_key_of_receiver": ("unknown_key", lambda p, t: forge(p, keyring=p.intranet.keyring)),
    "wrong_key_for_id": ("bad_signature", lambda p, t: forge(
        p, keyring=stranger(t), header={"key_id": p.internet.keyring.signing_key()[0]})),
    "suite_mismatch": ("suite_mismatch", lambda p, t: forge(p, header={"suite": "sm2-sm3"})),
    "bit_flipped_body": ("bad_signature", lambda p, t: flip(valid(p), len(valid(p)) - 100)),
    "bit_flipped_signature": ("bad_signature", lambda p, t: flip(valid(p), len(valid(p)) - 5)),
    "digest_mismatch_signed": ("bad_digest", lambda p, t: forge(p, fix_digest=False)),
    "expired": ("expired", lambda p, t: forge(p, header={"created_at": _past(10),
                                                         "expires_at": _past(9)})),
    "from_the_future": ("from_future", lambda p, t: forge(p, header={
        "created_at": (datetime.now(UTC) + timedelta(hours=2)).strftime(
            "%Y-%m-%dT%H:%M:%S.%fZ")})),
    "body_extra_property": ("schema_violation", lambda p, t: forge(
        p, payload=codec.dumps(body(admin=True)))),
    "body_too_long": ("schema_violation", lambda p, t: forge(
        p, payload=codec.dumps(body("z" * 65)))),
    "body_duplicate_keys": ("duplicate_keys", lambda p, t: forge(
        p, payload=b'{"label":"a","label":"b","sent_at":"s"}')),
    "body_not_utf8": ("not_utf8", lambda p, t: forge(p, payload=b'{"label":"\xff","sent_at":"s"}')),
    "body_nan": ("malformed", lambda p, t: forge(p, payload=b'{"label":NaN,"sent_at":"s"}')),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_envelope_is_quarantined_with_its_reason(pair, tmp_path, case):
    reason, build = CASES[case]
    data = build(pair, tmp_path)
    tally = process(pair.intranet, data, source=case)
    assert tally.applied == 0 and tally.quarantined == 1, tally
    row = QuarantinedEnvelope.objects.get()
    assert row.reason == reason, (row.reason, row.detail)
    assert row.source == case and row.size == len(data)
    assert not ProbeReceipt.objects.exists()


def test_revoked_key(pair):
    kid = pair.internet.keyring.signing_key()[0]
    pair.intranet.keyring.revoke(kid)
    assert process(pair.intranet, valid(pair)).quarantined == 1
    assert QuarantinedEnvelope.objects.get().reason == "revoked_key"


def test_replayed_envelope_is_refused_as_duplicate(pair):
    data = valid(pair)
    assert process(pair.intranet, data).applied == 1
    tally = process(pair.intranet, data)
    assert tally.duplicates == 1 and tally.applied == 0
    assert QuarantinedEnvelope.objects.get().reason == "duplicate"
    assert ProbeReceipt.objects.count() == 1


def test_a_reused_sequence_number_is_refused(pair):
    assert process(pair.intranet, valid(pair, seq=1, label="first")).applied == 1
    tally = process(pair.intranet, valid(pair, seq=1, label="second"))
    assert tally.quarantined == 1
    assert QuarantinedEnvelope.objects.get().reason == "sequence_conflict"
    assert list(ProbeReceipt.objects.values_list("label", flat=True)) == ["first"]


def test_there_are_at_least_twenty_named_cases():
    assert len(CASES) + 3 >= 20
