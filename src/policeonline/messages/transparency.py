"""The transparency log (ADR 0028): the intranet publishes the log's new entries (hashes and
ids only) and then the signed tree head over them, in order on one stream, so the portal has
every leaf before it checks the head. ``cases`` links each case tag to its application on the
portal, which needs it (and the salt) to give the applicant their proof; the portal never
publishes that link."""

from policeonline.exchange.types import MessageType, declare

from .applications import UUID

HEX64 = {"type": "string", "maxLength": 64, "pattern": "^[0-9a-f]{64}$"}
MAX_BATCH = 200
# Entries must never expire in transit: a head cannot be checked without every leaf under it.
LOG_STREAM = {"stream": "transparency", "ttl_seconds": 365 * 24 * 3600}

LEAVES = declare(MessageType(
    "transparency.leaves", 1, "intranet", "internet", max_bytes=256 * 1024, **LOG_STREAM,
    schema={"type": "object", "additionalProperties": False,
            "required": ["first", "entries", "cases"],
            "properties": {
                "first": {"type": "integer", "minimum": 0, "maximum": 2**53},
                "entries": {"type": "array", "minItems": 1, "maxItems": MAX_BATCH,
                            "items": {"type": "string", "minLength": 2, "maxLength": 600}},
                "cases": {"type": "array", "maxItems": MAX_BATCH,
                          "items": {"type": "object", "additionalProperties": False,
                                    "required": ["tag", "application_id", "salt"],
                                    "properties": {"tag": HEX64, "application_id": UUID,
                                                   "salt": {"type": "string", "maxLength": 32,
                                                            "pattern": "^[0-9a-f]{32}$"}}}}}}))

TREE_HEAD = declare(MessageType(
    "transparency.sth", 1, "intranet", "internet", max_bytes=4096, **LOG_STREAM,
    schema={"type": "object", "additionalProperties": False,
            "required": ["size", "root", "timestamp", "kid", "public_key", "signature"],
            "properties": {
                "size": {"type": "integer", "minimum": 1, "maximum": 2**53},
                "root": HEX64,
                "timestamp": {"type": "string", "maxLength": 30,
                              "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$"},
                "kid": {"type": "string", "maxLength": 40, "pattern": "^[a-z0-9-]+$"},
                "public_key": {"type": "string", "maxLength": 44, "pattern": "^[A-Za-z0-9+/=]+$"},
                "signature": {"type": "string", "maxLength": 88, "pattern": "^[A-Za-z0-9+/=]+$"}}}))
