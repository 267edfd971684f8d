"""好差评 (ratings) and their rectification (整改). A citizen's rating of a finished case goes in,
on the application's stream (after everything else about it); the department's handling of a
poor rating comes back. Only the level, the citizen's own comment and the department's answer
cross: no names, ID or phone numbers."""

from policeonline.exchange.types import MessageType, declare

from .applications import APP_STREAMS, DATE, RECEIPT, TIMESTAMP, UUID

LEVEL = {"type": "integer", "minimum": 1, "maximum": 5}  # 5 = 非常满意 … 1 = 非常不满意

RATING_SUBMITTED = declare(MessageType(
    "rating.submitted", 1, "internet", "intranet", max_bytes=4096, **APP_STREAMS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["application_id", "receipt_no", "rating_id", "kind", "level", "comment", "at"],
            "properties": {"application_id": UUID, "receipt_no": RECEIPT, "rating_id": UUID,
                           "kind": {"enum": ["case", "followup"]}, "level": LEVEL,
                           "comment": {"type": "string", "maxLength": 500},
                           "at": TIMESTAMP}}))

RECTIFICATION_UPDATED = declare(MessageType(
    "rectification.updated", 1, "intranet", "internet", max_bytes=8192,
    schema={"type": "object", "additionalProperties": False,
            "required": ["application_id", "receipt_no", "task_id", "status", "due_date", "at"],
            "properties": {"application_id": UUID, "receipt_no": RECEIPT, "task_id": UUID,
                           "status": {"enum": ["open", "answered"]}, "due_date": DATE,
                           "answer": {"type": "string", "maxLength": 2000},
                           "at": TIMESTAMP}}))
