"""Electronic certificates (电子证照): the intranet issues or revokes, the portal keeps a mirror
the holder downloads from and the public verification page reads."""

from policeonline.exchange.types import MessageType, declare

from .identity import ACCOUNT_REF

SERIAL = {"type": "string", "maxLength": 32, "pattern": "^[A-Z0-9]+-[0-9]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"}
DATE = {"type": "string", "maxLength": 10, "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
DATETIME = {"type": "string", "maxLength": 40}
PDF_MAX_BYTES = 1536 * 1024  # the rendered PDF; its base64 plus the record fit in max_bytes


def _text(limit: int) -> dict:
    return {"type": "string", "minLength": 1, "maxLength": limit}


ISSUED = declare(MessageType(
    "certificate.issued", 1, "intranet", "internet", max_bytes=2 * 1024 * 1024,
    ttl_seconds=30 * 24 * 3600,
    schema={"type": "object", "additionalProperties": False,
            "required": ["serial", "receipt_no", "account_ref", "item_code", "title",
                         "holder_name_masked", "holder_id_masked", "issued_at", "valid_until",
                         "key_id", "code", "content_digest", "pdf"],
            "properties": {
                "serial": SERIAL, "receipt_no": _text(40), "account_ref": ACCOUNT_REF,
                "item_code": _text(32), "title": _text(64), "holder_name_masked": _text(32),
                "holder_id_masked": _text(32), "issued_at": DATETIME,
                "valid_until": {**DATE, "type": ["string", "null"]},
                "key_id": _text(64), "code": _text(1200), "content_digest": _text(128),
                "pdf": {"type": "string", "maxLength": (PDF_MAX_BYTES * 4) // 3 + 4,
                        "pattern": "^[A-Za-z0-9+/=]+$"}}}))

REVOKED = declare(MessageType(
    "certificate.revoked", 1, "intranet", "internet", max_bytes=4096,
    ttl_seconds=30 * 24 * 3600,
    schema={"type": "object", "additionalProperties": False,
            "required": ["serial", "revoked_at", "reason"],
            "properties": {"serial": SERIAL, "revoked_at": DATETIME, "reason": _text(200)}}))
