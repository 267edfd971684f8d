"""The message-type registry: nothing crosses the boundary unless declared here.

A type has a name and version, one direction, a JSON Schema for its body (closed objects,
bounded strings and arrays — checked when the type is declared), a size limit, a time to live,
whether its stream is applied in order, and — in the receiving zone only — a handler.
"""

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import fastjsonschema
from jsonschema import Draft202012Validator

ZONES = ("internet", "intranet")
CONTROL_STREAM = "control"  # the exchange's own unordered, unacknowledged traffic


def peer_of(zone: str) -> str:
    return ZONES[1 - ZONES.index(zone)]


@dataclass
class MessageType:
    name: str
    version: int
    from_zone: str
    to_zone: str
    schema: dict
    max_bytes: int = 64 * 1024
    ttl_seconds: int = 30 * 24 * 3600
    stream: str = "main"
    ordered: bool = True
    # Spread over this many ordered streams (``<stream>0``…), chosen by a key such as an
    # application's id: order holds per key, and concurrent senders do not queue on one
    # stream's sequence counter.
    shards: int = 1
    handler: Callable | None = field(default=None, repr=False)
    # Optional: the same handler for a run of consecutive envelopes of this type in one batch,
    # given [(body, envelope), …] in stream order (``handles_many``).
    many_handler: Callable | None = field(default=None, repr=False)
    validator: Draft202012Validator = field(init=False, repr=False)
    check: Callable = field(init=False, repr=False)

    def __post_init__(self):
        if (self.from_zone, self.to_zone) not in {(ZONES[0], ZONES[1]), (ZONES[1], ZONES[0])}:
            raise ValueError(f"{self.name}: direction must be between the two zones")
        if (self.stream == CONTROL_STREAM) == self.ordered:
            raise ValueError(f"{self.name}: only the control stream is unordered")
        if not 1 <= self.shards <= 32 or (self.shards > 1 and not self.ordered):
            raise ValueError(f"{self.name}: shards must be 1..32, and only for ordered streams")
        Draft202012Validator.check_schema(self.schema)
        problems = list(_unbounded(self.schema, "body"))
        if problems:
            raise ValueError(f"{self.name}: schema must be closed and bounded: {problems}")
        self.validator = Draft202012Validator(self.schema)
        # The hot path: the same schema compiled to Python (its keywords mean the same in
        # draft 7, which fastjsonschema compiles); ``validator`` stays for error reports.
        self.check = fastjsonschema.compile(self.schema)

    @property
    def key(self) -> tuple[str, int, str]:
        return self.name, self.version, self.from_zone

    @property
    def streams(self) -> frozenset[str]:
        """The stream names an envelope of this type may carry."""
        if self.shards == 1:
            return frozenset({self.stream})
        return frozenset(f"{self.stream}{i}" for i in range(self.shards))

    def stream_for(self, key: str | None) -> str:
        if self.shards == 1:
            return self.stream
        if not key:
            raise ValueError(f"{self.name} is sharded: enqueue it with a shard key")
        return f"{self.stream}{zlib.crc32(key.encode()) % self.shards}"


# Keywords that mean the same in draft 7 (compiled for the hot path) and 2020-12 (checked).
ALLOWED_KEYWORDS = {"type", "properties", "required", "additionalProperties", "items",
                    "maxItems", "minItems", "maxLength", "minLength", "pattern", "enum", "const",
                    "minimum", "maximum", "anyOf", "oneOf", "allOf", "description", "format"}


def _unbounded(schema: dict, where: str):
    """Every object closed, every string and array bounded, all the way down; only keywords
    whose meaning does not differ between JSON Schema drafts."""
    unknown = set(schema) - ALLOWED_KEYWORDS
    if unknown:
        yield f"{where}: keywords not allowed in message schemas: {sorted(unknown)}"
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "object" in kinds:
        if schema.get("additionalProperties") is not False:
            yield f"{where}: additionalProperties must be false"
        for name, sub in schema.get("properties", {}).items():
            yield from _unbounded(sub, f"{where}.{name}")
    if "string" in kinds and "maxLength" not in schema and "enum" not in schema \
            and "const" not in schema:
        yield f"{where}: string needs maxLength"
    if "array" in kinds:
        if "maxItems" not in schema:
            yield f"{where}: array needs maxItems"
        if isinstance(schema.get("items"), dict):
            yield from _unbounded(schema["items"], f"{where}[]")
    for keyword in ("anyOf", "oneOf", "allOf"):
        for index, sub in enumerate(schema.get(keyword, [])):
            yield from _unbounded(sub, f"{where}.{keyword}[{index}]")


# Keyed by (name, version, sending zone): a type such as exchange.ack exists in both
# directions as two declarations, each with its own direction.
_types: dict[tuple[str, int, str], MessageType] = {}


def declare(message_type: MessageType) -> MessageType:
    if message_type.key in _types:
        raise ValueError(f"message type {message_type.key} declared twice")
    _types[message_type.key] = message_type
    return message_type


def get(name: str, version: int, from_zone: str) -> MessageType | None:
    return _types.get((name, version, from_zone))


def known(name: str, version: int) -> bool:
    return any(key[:2] == (name, version) for key in _types)


def all_types() -> list[MessageType]:
    return list(_types.values())


def handles(name: str, *, from_zone: str, version: int = 1):
    """Decorator: the receiving zone's handler for a declared type.

    The handler gets (body, envelope) and runs inside the inbox's transaction: whatever it
    writes commits together with the envelope's inbox row, or not at all.
    """
    def decorator(func):
        message_type = _types.get((name, version, from_zone))
        if message_type is None:
            raise LookupError(f"message type {name} v{version} from {from_zone} is not declared")
        message_type.handler = func
        return func
    return decorator


def handles_many(name: str, *, from_zone: str, version: int = 1):
    """Decorator: the receiving zone's handler for a declared type, given a run of envelopes.

    The inbox applies a batch of deliveries in one transaction; consecutive envelopes of this
    type in it (nothing else applied between them) are handed over together, in stream order,
    as ``[(body, envelope), …]``, so the handler can write them with one statement. It must
    mean the same as calling it once per envelope in that order. It is also the type's single
    handler (called with a list of one): when a batch fails, or an envelope is applied on its
    own, each envelope runs alone in a savepoint, so a failing one is quarantined alone.
    """
    def decorator(func):
        message_type = _types.get((name, version, from_zone))
        if message_type is None:
            raise LookupError(f"message type {name} v{version} from {from_zone} is not declared")
        message_type.many_handler = func
        message_type.handler = lambda body, envelope: func([(body, envelope)])
        return func
    return decorator
