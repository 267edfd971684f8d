"""Plate self-selection (网上选号): the intranet releases numbers to the internet zone and may
withdraw those not yet taken; the internet zone allocates with no round trip and reports each
confirmed choice on the application's own stream, so it stays in order with the application."""

from policeonline.exchange.types import MessageType, declare

from .applications import APP_STREAMS, RECEIPT, TIMESTAMP, UUID

_AUTHORITY = "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]"
PLATE = {"type": "string", "maxLength": 10, "pattern": f"^{_AUTHORITY}[0-9A-HJ-NP-Z]{{5,6}}$"}
PREFIX = {"type": "string", "maxLength": 2, "pattern": f"^{_AUTHORITY}$"}
PLATE_TYPE = {"enum": ["01", "02", "51", "52"]}
POOL = {"type": "string", "maxLength": 20, "pattern": "^P[0-9]{8}-[0-9A-Z]{4}$"}
# A pool larger than this is split over several envelopes (part i of n), each applied alone.
NUMBERS_PER_ENVELOPE = 500
NUMBERS = {"type": "array", "minItems": 1, "maxItems": NUMBERS_PER_ENVELOPE, "items": PLATE}
PART = {"type": "integer", "minimum": 1, "maximum": 1000}

RELEASED = declare(MessageType(
    "plates.released", 1, "intranet", "internet", max_bytes=32 * 1024, stream="plates",
    schema={"type": "object", "additionalProperties": False,
            "required": ["pool", "prefix", "plate_type", "part", "parts", "numbers", "released_at"],
            "properties": {"pool": POOL, "prefix": PREFIX, "plate_type": PLATE_TYPE,
                           "part": PART, "parts": PART, "numbers": NUMBERS,
                           "released_at": TIMESTAMP}}))

WITHDRAWN = declare(MessageType(
    "plates.withdrawn", 1, "intranet", "internet", max_bytes=32 * 1024, stream="plates",
    schema={"type": "object", "additionalProperties": False,
            "required": ["pool", "part", "parts", "numbers", "withdrawn_at"],
            "properties": {"pool": POOL, "part": PART, "parts": PART, "numbers": NUMBERS,
                           "withdrawn_at": TIMESTAMP}}))

CHOSEN = declare(MessageType(
    "plate.chosen", 1, "internet", "intranet", max_bytes=4 * 1024, **APP_STREAMS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["application_id", "receipt_no", "plate", "plate_type", "pool", "mode",
                         "chosen_at"],
            "properties": {"application_id": UUID, "receipt_no": RECEIPT, "plate": PLATE,
                           "plate_type": PLATE_TYPE, "pool": POOL,
                           "mode": {"enum": ["random", "compose"]}, "chosen_at": TIMESTAMP}}))

# A confirmed number whose case was refused, rejected or withdrawn goes back (ADR 0029): the
# intranet's pool takes it back and tells the portal, which frees it for the next selector
# (or retires it, "withdrawn", when its pool has been withdrawn meanwhile).
RETURNED = declare(MessageType(
    "plate.returned", 1, "intranet", "internet", max_bytes=2 * 1024, stream="plates",
    schema={"type": "object", "additionalProperties": False,
            "required": ["application_id", "receipt_no", "plate", "pool", "reason", "back_to",
                         "returned_at"],
            "properties": {"application_id": UUID, "receipt_no": RECEIPT, "plate": PLATE,
                           "pool": POOL, "reason": {"enum": ["refused", "rejected", "withdrawn"]},
                           "back_to": {"enum": ["free", "withdrawn"]}, "returned_at": TIMESTAMP}}))

# What the portal's stock looks like (the intranet cannot see free and held numbers): sent by
# ``manage.py plates stock`` every few minutes; the latest report per pool wins.
COUNT = {"type": "integer", "minimum": 0, "maximum": 1_000_000}
STOCK = declare(MessageType(
    "plates.stock", 1, "internet", "intranet", max_bytes=64 * 1024, stream="plates",
    schema={"type": "object", "additionalProperties": False,
            "required": ["reported_at", "pools"],
            "properties": {"reported_at": TIMESTAMP, "pools": {
                "type": "array", "minItems": 1, "maxItems": 500, "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["pool", "free", "held", "allocated", "withdrawn"],
                    "properties": {"pool": POOL, "free": COUNT, "held": COUNT,
                                   "allocated": COUNT, "withdrawn": COUNT}}}}}))
