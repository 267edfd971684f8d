"""Online applications (网上申请) and their cases: submissions and their files go in, every
change the citizen should see comes back. Item data crosses as a bounded JSON text because
each item's form is its own schema; the intranet validates it again against that form."""

from policeonline.exchange.types import MessageType, declare

from .identity import ACCOUNT_REF, ID_NUMBER

UUID = {"type": "string", "maxLength": 36, "pattern": "^[0-9a-f-]{36}$"}
RECEIPT = {"type": "string", "maxLength": 24, "pattern": "^JN-[0-9]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"}
ITEM_CODE = {"type": "string", "maxLength": 10, "pattern": "^[A-Z]{2,4}-[0-9]{3}$"}
SLUG = {"type": "string", "maxLength": 40, "pattern": "^[a-z][a-z0-9_]*$"}
SHA256 = {"type": "string", "maxLength": 64, "pattern": "^[0-9a-f]{64}$"}
TIMESTAMP = {"type": "string", "maxLength": 40, "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.+-]+Z?$"}
DATE = {"type": "string", "maxLength": 10, "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
CONTENT_TYPE = {"enum": ["application/pdf", "image/jpeg", "image/png"]}
MAX_FILE_BYTES = 5 * 1024 * 1024
DATA_JSON = {"type": "string", "minLength": 2, "maxLength": 32_768}

ATTACHMENT_REF = {
    "type": "object", "additionalProperties": False,
    "required": ["slot", "sha256", "filename", "content_type", "size"],
    "properties": {"slot": SLUG, "sha256": SHA256,
                   "filename": {"type": "string", "minLength": 1, "maxLength": 120},
                   "content_type": CONTENT_TYPE,
                   "size": {"type": "integer", "minimum": 1, "maximum": MAX_FILE_BYTES}}}

APPLICANT = {
    "type": "object", "additionalProperties": False,
    "required": ["kind", "name", "id_number", "phone"],
    "properties": {"kind": {"enum": ["citizen", "company"]},
                   "name": {"type": "string", "minLength": 1, "maxLength": 50},
                   "id_number": ID_NUMBER,
                   "phone": {"type": "string", "maxLength": 11, "pattern": "^1[0-9]{10}$"},
                   "company_name": {"type": "string", "maxLength": 100},
                   "credit_code": {"type": "string", "maxLength": 18, "pattern": "^[0-9A-Z]{18}$"}}}

# Everything about one application travels on one of eight ordered streams chosen by its id
# (``shard_key``): its files, its submission and the applicant's later moves stay in order,
# while submissions of different applications do not wait on one sequence counter.
APP_STREAMS = {"stream": "app", "shards": 8}

# Files go first, one envelope each, so no envelope carries more than one file; the stream
# is ordered, so by the time the submission arrives all its files are there.
ATTACHMENT = declare(MessageType(
    "application.attachment", 1, "internet", "intranet", max_bytes=8 * 1024 * 1024, **APP_STREAMS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["application_id", "round", "attachment", "content_b64"],
            "properties": {"application_id": UUID,
                           "round": {"type": "integer", "minimum": 1, "maximum": 50},
                           "attachment": ATTACHMENT_REF,
                           "content_b64": {"type": "string", "minLength": 4,
                                           "maxLength": (MAX_FILE_BYTES * 4) // 3 + 8}}}))

SUBMITTED = declare(MessageType(
    "application.submitted", 1, "internet", "intranet", max_bytes=128 * 1024, **APP_STREAMS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["application_id", "receipt_no", "round", "item_code", "account_ref",
                         "applicant", "data_json", "attachments", "submitted_at"],
            "properties": {"application_id": UUID, "receipt_no": RECEIPT,
                           "round": {"type": "integer", "minimum": 1, "maximum": 50},
                           "item_code": ITEM_CODE, "account_ref": ACCOUNT_REF,
                           "applicant": APPLICANT, "data_json": DATA_JSON,
                           "attachments": {"type": "array", "maxItems": 30, "items": ATTACHMENT_REF},
                           "submitted_at": TIMESTAMP}}))

# The applicant's own moves on a case that is already on the intranet: withdrawing it, or
# resubmitting it with the corrections asked for (补正).
APPLICANT_ACTION = declare(MessageType(
    "application.action", 1, "internet", "intranet", max_bytes=128 * 1024, **APP_STREAMS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["application_id", "receipt_no", "action", "at"],
            "properties": {"application_id": UUID, "receipt_no": RECEIPT,
                           "action": {"enum": ["withdraw", "resubmit"]},
                           "round": {"type": "integer", "minimum": 1, "maximum": 50},
                           "note": {"type": "string", "maxLength": 500},
                           "data_json": DATA_JSON,
                           "attachments": {"type": "array", "maxItems": 30, "items": ATTACHMENT_REF},
                           "at": TIMESTAMP}}))

# One per event on the case's log that the applicant should see, numbered by that log so the
# portal applies each once and in order whatever the transport does.
CASE_UPDATED = declare(MessageType(
    "case.updated", 1, "intranet", "internet", max_bytes=16 * 1024,
    schema={"type": "object", "additionalProperties": False,
            "required": ["application_id", "receipt_no", "seq", "action", "state", "workflow", "at"],
            "properties": {"application_id": UUID, "receipt_no": RECEIPT,
                           "seq": {"type": "integer", "minimum": 1, "maximum": 100_000},
                           "action": SLUG, "state": SLUG, "workflow": SLUG, "at": TIMESTAMP,
                           "outcome": {"enum": ["granted", "refused", "rejected", "withdrawn"]},
                           "note": {"type": "string", "maxLength": 1000},
                           "reason_code": SLUG,
                           "department": SLUG,
                           "due_date": DATE,
                           "due_provisional": {"type": "boolean"},
                           "supplement_fields": {"type": "array", "maxItems": 60, "items": SLUG},
                           "supplement_slots": {"type": "array", "maxItems": 30, "items": SLUG}}}))
