"""The exchange's own message types, declared in both directions.

- ``exchange.ack``: how far the receiver has applied a stream (control stream, unordered).
  The sender stops re-sending below it and re-sends from it after a while.
- ``exchange.resync`` / ``exchange.resynced``: a zone restored from a backup tells the other
  what it still has and where its numbering resumes; the other confirms (ADR 0033).
- ``exchange.probe``: a harmless envelope on the main stream for link checks
  (`manage.py exchange probe`), fault tests and benchmarks.
"""

from . import restore
from .models import ProbeReceipt
from .shipper import apply_ack
from .types import CONTROL_STREAM, ZONES, MessageType, declare, handles, handles_many, peer_of

ACK_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["stream", "next_expected"],
    "properties": {"stream": {"type": "string", "maxLength": 40, "pattern": "^[a-z][a-z0-9_]*$"},
                   "next_expected": {"type": "integer", "minimum": 1}},
}
_STREAM = {"type": "string", "maxLength": 40, "pattern": "^[a-z][a-z0-9_]*$"}
_SEQ = {"type": "integer", "minimum": 1, "maximum": 2**62}
_INCARNATION = {"type": "string", "maxLength": 36, "pattern": "^[0-9a-f-]{36}$"}
_JUMPS = {"type": "array", "maxItems": 400, "items": {
    "type": "object", "additionalProperties": False, "required": ["stream", "skips"],
    "properties": {"stream": _STREAM, "skips": {"type": "array", "maxItems": 100, "items": {
        "type": "object", "additionalProperties": False, "required": ["end", "start"],
        "properties": {"end": _SEQ, "start": _SEQ}}}}}}
RESYNC_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["incarnation", "restored_at", "outgoing", "incoming"],
    "properties": {
        "incarnation": _INCARNATION,
        "restored_at": {"type": "string", "maxLength": 40},
        "outgoing": _JUMPS,
        "incoming": {"type": "array", "maxItems": 400, "items": {
            "type": "object", "additionalProperties": False,
            "required": ["stream", "next_expected"],
            "properties": {"stream": _STREAM, "next_expected": _SEQ}}},
    },
}
RESYNCED_SCHEMA = {"type": "object", "additionalProperties": False,
                   "required": ["incarnation", "outgoing"],
                   "properties": {"incarnation": _INCARNATION, "outgoing": _JUMPS}}
PROBE_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["label", "sent_at"],
    "properties": {"label": {"type": "string", "minLength": 1, "maxLength": 64},
                   "sent_at": {"type": "string", "maxLength": 40},
                   "padding": {"type": "string", "maxLength": 60000}},
}

for zone in ZONES:
    declare(MessageType("exchange.ack", 1, zone, peer_of(zone), ACK_SCHEMA, max_bytes=2048,
                        ttl_seconds=3600, stream=CONTROL_STREAM, ordered=False))
    declare(MessageType("exchange.resync", 1, zone, peer_of(zone), RESYNC_SCHEMA, max_bytes=64 * 1024,
                        ttl_seconds=30 * 24 * 3600, stream=CONTROL_STREAM, ordered=False))
    declare(MessageType("exchange.resynced", 1, zone, peer_of(zone), RESYNCED_SCHEMA,
                        max_bytes=64 * 1024, ttl_seconds=30 * 24 * 3600, stream=CONTROL_STREAM,
                        ordered=False))
    declare(MessageType("exchange.probe", 1, zone, peer_of(zone), PROBE_SCHEMA, max_bytes=64 * 1024,
                        ttl_seconds=7 * 24 * 3600))

    @handles("exchange.ack", from_zone=zone)
    def on_ack(body, envelope):
        apply_ack(body["stream"], envelope.header["from"], body["next_expected"])

    @handles("exchange.resync", from_zone=zone)
    def on_resync(body, envelope):
        restore.on_request(body, envelope.header["from"])

    @handles("exchange.resynced", from_zone=zone)
    def on_resynced(body, envelope):
        restore.on_confirmed(body)

    @handles_many("exchange.probe", from_zone=zone)
    def on_probes(items):
        ProbeReceipt.objects.bulk_create([
            ProbeReceipt(label=body["label"], envelope_id=envelope.id, sent_at=body["sent_at"])
            for body, envelope in items])
