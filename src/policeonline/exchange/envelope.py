"""Sealing and opening envelopes (docs/exchange-protocol.md).

Wire format, one self-contained byte string:

    PSO-ENVELOPE/1 \\n <header JSON> \\n <body JSON> \\n <signature, base64> \\n

The signature covers every byte before it. ``open_envelope`` checks in cheap-first order and
raises ``Refused(reason, detail)`` at the first failure; what it returns is authentic, fresh,
of a registered type going the right way, and has a valid body.
"""

import base64
import binascii
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import fastjsonschema

from . import codec, types
from .crypto.registry import get_suite, known_suites
from .keys import Keyring

MAGIC = b"PSO-ENVELOPE/1"
MAX_HEADER_BYTES = 4096
CLOCK_SKEW = timedelta(minutes=5)

HEADER_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "type", "type_version", "from", "to", "stream", "seq", "created_at",
                 "expires_at", "correlation_id", "key_id", "suite", "payload_length",
                 "payload_digest", "attachments"],
    "properties": {
        "id": {"type": "string", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"},
        "type": {"type": "string", "pattern": "^[a-z][a-z0-9_.]{2,79}$"},
        "type_version": {"type": "integer", "minimum": 1, "maximum": 999},
        "from": {"enum": list(types.ZONES)},
        "to": {"enum": list(types.ZONES)},
        "stream": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,39}$"},
        "seq": {"type": "integer", "minimum": 1, "maximum": 2**62},
        "created_at": {"type": "string", "maxLength": 40},
        "expires_at": {"type": "string", "maxLength": 40},
        "correlation_id": {"type": ["string", "null"], "maxLength": 64},
        "key_id": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$"},
        "suite": {"type": "string", "maxLength": 40},
        "payload_length": {"type": "integer", "minimum": 0},
        "payload_digest": {"type": "string", "pattern": "^[0-9a-f]{32,128}$"},
        "attachments": {"type": "array", "maxItems": 20, "items": {
            "type": "object", "additionalProperties": False,
            "required": ["name", "size", "digest"],
            "properties": {"name": {"type": "string", "maxLength": 200},
                           "size": {"type": "integer", "minimum": 0},
                           "digest": {"type": "string", "pattern": "^[0-9a-f]{32,128}$"}}}},
    },
}
_header_check = fastjsonschema.compile(HEADER_SCHEMA)  # compiled: this runs for every envelope
_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")


class Refused(Exception):
    """The envelope may not be applied; ``reason`` is a stable code for quarantine and stats."""

    def __init__(self, reason: str, detail: str = "", header: dict | None = None):
        self.reason = reason
        self.detail = detail
        self.header = header or {}
        super().__init__(f"{reason}: {detail}")


@dataclass
class Envelope:
    header: dict
    payload: bytes
    message_type: types.MessageType
    raw: bytes
    body: dict | None = None  # set by decode_body, after the inbox's duplicate/sequence checks

    @property
    def id(self) -> str:
        return self.header["id"]

    @property
    def seq(self) -> int:
        return self.header["seq"]


def _time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_time(value: str) -> datetime:
    if not _TIME_RE.match(value):
        raise ValueError(value)
    return datetime.fromisoformat(value)  # C-fast; Python 3.11 reads the trailing Z


def seal(message_type: types.MessageType, body: dict, *, keyring: Keyring, seq: int,
         envelope_id: str | None = None, correlation_id: str | None = None,
         now: datetime | None = None, stream: str | None = None) -> tuple[str, bytes]:
    """Sign ``body`` as an envelope of ``message_type`` (on ``stream``, for a sharded type);
    return (envelope id, bytes)."""
    stream = stream or message_type.stream
    if stream not in message_type.streams:
        raise ValueError(f"{message_type.name} does not travel on stream {stream!r}")
    try:
        message_type.check(body)
    except fastjsonschema.JsonSchemaException:
        error = next(iter(message_type.validator.iter_errors(body)))  # the readable report
        raise ValueError(f"{message_type.name}: body does not match its schema: "
                         f"{error.message}") from None
    kid, suite_name, private = keyring.signing_key()
    suite = get_suite(suite_name)
    now = now or datetime.now(UTC)
    payload = codec.dumps(body)
    header = {
        "id": envelope_id or str(uuid.uuid4()), "type": message_type.name,
        "type_version": message_type.version, "from": message_type.from_zone,
        "to": message_type.to_zone, "stream": stream, "seq": seq,
        "created_at": _time(now),
        "expires_at": _time(now + timedelta(seconds=message_type.ttl_seconds)),
        "correlation_id": correlation_id, "key_id": kid, "suite": suite_name,
        "payload_length": len(payload), "payload_digest": suite.digest(payload),
        "attachments": [],
    }
    signed = MAGIC + b"\n" + codec.dumps(header) + b"\n" + payload + b"\n"
    signature = base64.b64encode(suite.sign(private, signed))
    data = signed + signature + b"\n"
    if len(data) > message_type.max_bytes:
        raise ValueError(f"{message_type.name}: envelope of {len(data)} bytes exceeds the "
                         f"type's limit of {message_type.max_bytes}")
    return header["id"], data


def open_envelope(data: bytes, *, zone: str, keyring: Keyring, max_bytes: int,
                  now: datetime | None = None) -> Envelope:
    """Steps 1–7 for ``zone``: raise Refused with the first reason found."""
    # 1. size, before anything is parsed
    if len(data) > max_bytes:
        raise Refused("oversize", f"{len(data)} bytes > {max_bytes}")
    # 2. version and framing
    if not data.startswith(MAGIC + b"\n"):
        raise Refused("bad_version", "does not start with " + MAGIC.decode())
    parts = data[len(MAGIC) + 1:].split(b"\n")
    if len(parts) < 3 or data[-1:] != b"\n":
        raise Refused("truncated", "incomplete envelope")
    header_bytes = parts[0]
    if len(header_bytes) > MAX_HEADER_BYTES:
        raise Refused("oversize", "header too large")
    # 3. header: strict JSON, then its schema
    try:
        header = codec.loads(header_bytes)
    except codec.StrictJSONError as exc:
        raise Refused(exc.code, f"header: {exc}") from None
    if not isinstance(header, dict):
        raise Refused("bad_header", "header is not an object")
    try:
        _header_check(header)
    except fastjsonschema.JsonSchemaException as exc:
        raise Refused("bad_header", str(exc)[:500], header) from None
    try:
        created, expires = _parse_time(header["created_at"]), _parse_time(header["expires_at"])
    except ValueError:
        raise Refused("bad_header", "times must be UTC RFC 3339 with Z", header) from None
    # Framing by the declared length: the body may not contain a newline, the rest may not grow.
    start = len(MAGIC) + 1 + len(header_bytes) + 1
    payload = data[start:start + header["payload_length"]]
    rest = data[start + header["payload_length"]:]
    if len(payload) != header["payload_length"] or not rest.startswith(b"\n"):
        raise Refused("truncated", "body shorter or longer than payload_length", header)
    signature_line = rest[1:]
    if signature_line.count(b"\n") != 1 or not signature_line.endswith(b"\n"):
        raise Refused("truncated", "signature line missing or followed by extra data", header)
    # 4. type, version and direction
    message_type = types.get(header["type"], header["type_version"], header["from"])
    if message_type is None:
        if types.known(header["type"], header["type_version"]):
            raise Refused("wrong_direction", f"{header['type']} may not come from {header['from']}",
                          header)
        raise Refused("unknown_type", f"{header['type']} v{header['type_version']}", header)
    if header["to"] != zone or header["to"] != message_type.to_zone or \
            header["stream"] not in message_type.streams:
        raise Refused("wrong_direction", f"{header['from']}→{header['to']}/{header['stream']} "
                      f"for {message_type.name}", header)
    if len(data) > message_type.max_bytes:
        raise Refused("oversize", f"{len(data)} bytes > {message_type.max_bytes} for "
                      f"{message_type.name}", header)
    # 5. key
    key = keyring.trusted().get(header["key_id"])
    if key is None or key.zone != header["from"]:
        raise Refused("unknown_key", header["key_id"], header)
    if key.revoked:
        raise Refused("revoked_key", header["key_id"], header)
    if header["suite"] != key.suite or header["suite"] not in known_suites():
        raise Refused("suite_mismatch", header["suite"], header)
    suite = get_suite(key.suite)
    # 6. signature over the exact bytes received
    try:
        signature = base64.b64decode(signature_line[:-1], validate=True)
    except (binascii.Error, ValueError):
        raise Refused("bad_signature", "signature is not base64", header) from None
    if not suite.verify(key.public_key, signature, data[:len(data) - len(signature_line)]):
        raise Refused("bad_signature", "signature does not verify", header)
    if suite.digest(payload) != header["payload_digest"]:
        raise Refused("bad_digest", "payload digest differs from the header", header)
    # 7. freshness
    now = now or datetime.now(UTC)
    if expires <= now:
        raise Refused("expired", f"expired at {header['expires_at']}", header)
    if created > now + CLOCK_SKEW:
        raise Refused("from_future", f"created at {header['created_at']}", header)
    # 8. duplicate and 9. sequence are the inbox's (they need its database), then 10. body.
    return Envelope(header=header, payload=payload, message_type=message_type, raw=data)


def decode_body(envelope: Envelope) -> dict:
    """Step 10: the body is strict JSON and matches its type's schema."""
    try:
        body = codec.loads(envelope.payload)
    except codec.StrictJSONError as exc:
        raise Refused(exc.code, f"body: {exc}", envelope.header) from None
    try:
        envelope.message_type.check(body)
    except fastjsonschema.JsonSchemaException as exc:
        raise Refused("schema_violation", str(exc)[:500], envelope.header) from None
    envelope.body = body
    return body
