"""News and notices (警务公开): written and approved in the back office, published to the
portal. Public content only — no personal data. Each file crosses in its own envelope before
the notice that names it, on one ordered stream, so the portal has every file when the notice
arrives; a withdrawal follows on the same stream (ADR 0025)."""

from policeonline.exchange.types import MessageType, declare

from .applications import CONTENT_TYPE, MAX_FILE_BYTES, SHA256, SLUG, TIMESTAMP, UUID

MAX_ATTACHMENTS = 5
NOTICE_STREAM = {"stream": "notices"}

NOTICE_FILE_REF = {
    "type": "object", "additionalProperties": False,
    "required": ["index", "sha256", "filename", "content_type", "size"],
    "properties": {"index": {"type": "integer", "minimum": 1, "maximum": MAX_ATTACHMENTS},
                   "sha256": SHA256,
                   "filename": {"type": "string", "minLength": 1, "maxLength": 120},
                   "content_type": CONTENT_TYPE,
                   "size": {"type": "integer", "minimum": 1, "maximum": MAX_FILE_BYTES}}}

CATEGORY = {"type": "object", "additionalProperties": False, "required": ["code", "name", "name_en"],
            "properties": {"code": SLUG, "name": {"type": "string", "minLength": 1, "maxLength": 40},
                           "name_en": {"type": "string", "minLength": 1, "maxLength": 60}}}

NOTICE_ATTACHMENT = declare(MessageType(
    "notice.attachment", 1, "intranet", "internet", max_bytes=8 * 1024 * 1024, **NOTICE_STREAM,
    schema={"type": "object", "additionalProperties": False,
            "required": ["notice_id", "attachment", "content_b64"],
            "properties": {"notice_id": UUID, "attachment": NOTICE_FILE_REF,
                           "content_b64": {"type": "string", "minLength": 4,
                                           "maxLength": (MAX_FILE_BYTES * 4) // 3 + 8}}}))

NOTICE_PUBLISHED = declare(MessageType(
    "notice.published", 1, "intranet", "internet", max_bytes=96 * 1024, **NOTICE_STREAM,
    schema={"type": "object", "additionalProperties": False,
            "required": ["notice_id", "title", "category", "body", "published_at", "attachments"],
            "properties": {"notice_id": UUID,
                           "title": {"type": "string", "minLength": 1, "maxLength": 120},
                           "category": CATEGORY,
                           "body": {"type": "string", "minLength": 1, "maxLength": 20_000},
                           "department": {"type": "string", "maxLength": 60},
                           "published_at": TIMESTAMP,
                           "attachments": {"type": "array", "maxItems": MAX_ATTACHMENTS,
                                           "items": NOTICE_FILE_REF}}}))

NOTICE_WITHDRAWN = declare(MessageType(
    "notice.withdrawn", 1, "intranet", "internet", max_bytes=2048, **NOTICE_STREAM,
    schema={"type": "object", "additionalProperties": False,
            "required": ["notice_id", "at"],
            "properties": {"notice_id": UUID, "at": TIMESTAMP}}))
