"""Consultations, complaints and the director's mailbox (ADR 0024), on one ordered stream.

In: the letter as written (text, topic, up to two small attachments inline) and, later, the
writer's rating of the answer. The writer's name and phone travel only with complaints and
mailbox letters (officers may need to call back); an anonymous consultation carries neither.
Out: where the letter went and when it is due, the answer, and — with the writer's consent —
the public Q&A wording an officer approved (no personal data)."""

from policeonline.exchange.types import MessageType, declare

from .applications import DATE, TIMESTAMP, UUID

TRACKING = {"type": "string", "maxLength": 17, "pattern": "^XJ-[0-9]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"}
KIND = {"enum": ["consultation", "complaint", "mailbox"]}
TOPIC = {"type": "string", "maxLength": 10, "pattern": "^(other|[A-Z]{2,4}|[A-Z]{2,4}-[0-9]{3})$"}
SUBJECT_MAX, TEXT_MAX, ANSWER_MAX = 100, 3000, 5000
ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX = 1024 * 1024, 2
DEPARTMENT_NAME = {"type": "string", "maxLength": 100}
LETTERS = {"stream": "letters"}

ATTACHMENT = {
    "type": "object", "additionalProperties": False,
    "required": ["filename", "content_type", "content_b64"],
    "properties": {"filename": {"type": "string", "minLength": 1, "maxLength": 120},
                   "content_type": {"enum": ["application/pdf", "image/jpeg", "image/png"]},
                   "content_b64": {"type": "string", "minLength": 4,
                                   "maxLength": (ATTACHMENT_MAX_BYTES + 2) // 3 * 4}}}

SUBMITTED = declare(MessageType(
    "letter.submitted", 1, "internet", "intranet", max_bytes=3 * 1024 * 1024, **LETTERS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["letter_id", "tracking_no", "kind", "topic", "subject", "text",
                         "anonymous", "writer_name", "contact_phone", "publish_consent",
                         "attachments", "submitted_at"],
            "properties": {
                "letter_id": UUID, "tracking_no": TRACKING, "kind": KIND, "topic": TOPIC,
                "subject": {"type": "string", "minLength": 1, "maxLength": SUBJECT_MAX},
                "text": {"type": "string", "minLength": 1, "maxLength": TEXT_MAX},
                "anonymous": {"type": "boolean"},
                "writer_name": {"type": "string", "maxLength": 50},
                "contact_phone": {"type": "string", "maxLength": 11, "pattern": "^(1[0-9]{10})?$"},
                "publish_consent": {"type": "boolean"},
                "attachments": {"type": "array", "maxItems": ATTACHMENTS_MAX, "items": ATTACHMENT},
                "submitted_at": TIMESTAMP}}))

UPDATED = declare(MessageType(
    "letter.updated", 1, "intranet", "internet", max_bytes=4096, **LETTERS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["letter_id", "tracking_no", "state", "department", "due_date", "at"],
            "properties": {"letter_id": UUID, "tracking_no": TRACKING,
                           "state": {"enum": ["received", "transferred"]},
                           "department": DEPARTMENT_NAME, "due_date": DATE, "at": TIMESTAMP}}))

ANSWERED = declare(MessageType(
    "letter.answered", 1, "intranet", "internet", max_bytes=32 * 1024, **LETTERS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["letter_id", "tracking_no", "answer", "department", "answered_at"],
            "properties": {"letter_id": UUID, "tracking_no": TRACKING,
                           "answer": {"type": "string", "minLength": 1, "maxLength": ANSWER_MAX},
                           "department": DEPARTMENT_NAME, "answered_at": TIMESTAMP}}))

PUBLISHED = declare(MessageType(
    "letter.published", 1, "intranet", "internet", max_bytes=32 * 1024, **LETTERS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["letter_id", "tracking_no", "question", "answer", "published_at"],
            "properties": {"letter_id": UUID, "tracking_no": TRACKING,
                           "question": {"type": "string", "minLength": 1, "maxLength": TEXT_MAX},
                           "answer": {"type": "string", "minLength": 1, "maxLength": ANSWER_MAX},
                           "published_at": TIMESTAMP}}))

RATED = declare(MessageType(
    "letter.rated", 1, "internet", "intranet", max_bytes=2048, **LETTERS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["letter_id", "tracking_no", "rating", "rated_at"],
            "properties": {"letter_id": UUID, "tracking_no": TRACKING,
                           "rating": {"type": "integer", "minimum": 1, "maximum": 5},
                           "rated_at": TIMESTAMP}}))
