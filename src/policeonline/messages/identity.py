"""Real-name verification (实名认证): the internet zone asks, the intranet compares the
declared name and ID number with the population registry and answers."""

from policeonline.exchange.types import MessageType, declare

ID_NUMBER = {"type": "string", "maxLength": 18, "pattern": "^[0-9]{17}[0-9X]$"}
REQUEST_ID = {"type": "string", "maxLength": 36, "pattern": "^[0-9a-f-]{36}$"}
ACCOUNT_REF = {"type": "string", "maxLength": 40, "pattern": "^[a-z]+:[0-9]+$"}

# Reasons the intranet may give; the portal shows each with its own citizen-facing text.
REASONS = ["match", "not_found", "name_mismatch", "record_inactive", "record_mismatch"]

VERIFY_REQUEST = declare(MessageType(
    "identity.verify.request", 1, "internet", "intranet", max_bytes=4096,
    ttl_seconds=7 * 24 * 3600,
    schema={"type": "object", "additionalProperties": False,
            "required": ["request_id", "account_ref", "name", "id_number"],
            "properties": {"request_id": REQUEST_ID, "account_ref": ACCOUNT_REF,
                           "name": {"type": "string", "minLength": 1, "maxLength": 50},
                           "id_number": ID_NUMBER}}))

VERIFY_RESULT = declare(MessageType(
    "identity.verify.result", 1, "intranet", "internet", max_bytes=4096,
    ttl_seconds=7 * 24 * 3600,
    schema={"type": "object", "additionalProperties": False,
            "required": ["request_id", "account_ref", "outcome", "reason"],
            "properties": {"request_id": REQUEST_ID, "account_ref": ACCOUNT_REF,
                           "outcome": {"enum": ["verified", "rejected"]},
                           "reason": {"enum": REASONS}}}))
