"""The exchange's own message types, declared in both directions.

- ``exchange.ack``: how far the receiver has applied a stream (control stream, unordered).
  The sender stops re-sending below it and re-sends from it after a while.
- ``exchange.probe``: a harmless envelope on the main stream for link checks
  (`manage.py exchange probe`), fault tests and benchmarks.
"""

from .models import ProbeReceipt
from .shipper import apply_ack
from .types import CONTROL_STREAM, ZONES, MessageType, declare, handles, peer_of

ACK_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["stream", "next_expected"],
    "properties": {"stream": {"type": "string", "maxLength": 40, "pattern": "^[a-z][a-z0-9_]*$"},
                   "next_expected": {"type": "integer", "minimum": 1}},
}
PROBE_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["label", "sent_at"],
    "properties": {"label": {"type": "string", "minLength": 1, "maxLength": 64},
                   "sent_at": {"type": "string", "maxLength": 40},
                   "padding": {"type": "string", "maxLength": 60000}},
}

for zone in ZONES:
    declare(MessageType("exchange.ack", 1, zone, peer_of(zone), ACK_SCHEMA, max_bytes=2048,
                        ttl_seconds=3600, stream=CONTROL_STREAM, ordered=False))
    declare(MessageType("exchange.probe", 1, zone, peer_of(zone), PROBE_SCHEMA, max_bytes=64 * 1024,
                        ttl_seconds=7 * 24 * 3600))

    @handles("exchange.ack", from_zone=zone)
    def on_ack(body, envelope):
        apply_ack(body["stream"], envelope.header["from"], body["next_expected"])

    @handles("exchange.probe", from_zone=zone)
    def on_probe(body, envelope):
        ProbeReceipt.objects.create(label=body["label"], envelope_id=envelope.id,
                                    sent_at=body["sent_at"])
