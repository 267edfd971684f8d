"""Public statistics (ADR 0026): the intranet's daily figures per item and department, sent to
the portal in bounded batches. Codes and counts only — no case, receipt, name, ID or phone."""

from policeonline.exchange.types import MessageType, declare

from .applications import DATE, ITEM_CODE, TIMESTAMP, UUID

DEPARTMENT = {"type": "string", "maxLength": 32, "pattern": "^[a-z0-9][a-z0-9_-]*$"}
COUNT = {"type": "integer", "minimum": 0, "maximum": 10_000_000}
BATCH_ROWS = 200  # rows per envelope

ROW = {"type": "object", "additionalProperties": False,
       "required": ["day", "item", "department", "received", "completed", "on_time",
                    "working_days", "ratings", "rating_sum", "satisfied"],
       "properties": {"day": DATE, "item": ITEM_CODE, "department": DEPARTMENT,
                      "received": COUNT, "completed": COUNT, "on_time": COUNT,
                      # the sum over completed cases, so the portal can average any grouping
                      "working_days": {"type": "integer", "minimum": 0, "maximum": 1_000_000_000},
                      "ratings": COUNT, "rating_sum": {"type": "integer", "minimum": 0,
                                                       "maximum": 50_000_000},
                      "satisfied": COUNT}}

PUBLISHED = declare(MessageType(
    "stats.published", 1, "intranet", "internet", max_bytes=96 * 1024, stream="stats",
    schema={"type": "object", "additionalProperties": False,
            "required": ["batch_id", "computed_at", "rows"],
            "properties": {"batch_id": UUID, "computed_at": TIMESTAMP,
                           "rows": {"type": "array", "minItems": 1, "maxItems": BATCH_ROWS,
                                    "items": ROW}}}))
