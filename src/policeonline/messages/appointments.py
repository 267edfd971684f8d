"""Appointments (预约) at a service hall. The portal is authoritative for capacity: it books,
reschedules and cancels without asking, and tells the intranet, on the application's ordered
stream (or, for a booking without an application, on the stream its own id picks). The hall
answers with what happened: the citizen came, or did not."""

from policeonline.exchange.types import MessageType, declare

from .applications import APP_STREAMS, ITEM_CODE, RECEIPT, TIMESTAMP, UUID
from .identity import ACCOUNT_REF

HALL = {"type": "string", "maxLength": 32, "pattern": "^[a-z][a-z0-9_]*$"}
REFERENCE = {"type": "string", "maxLength": 16, "pattern": "^YY-[0-9A-Z]{4}-[0-9A-Z]{4}$"}

# Each booking, reschedule and cancellation: the booking as it now stands. ``revision`` counts
# the booking's changes, so the intranet keeps the newest whatever arrives twice.
BOOKING = declare(MessageType(
    "appointment.booking", 1, "internet", "intranet", max_bytes=8 * 1024, **APP_STREAMS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["booking_id", "reference", "revision", "action", "hall", "item_code",
                         "account_ref", "name", "id_masked", "starts_at", "ends_at", "at"],
            "properties": {"booking_id": UUID, "reference": REFERENCE,
                           "revision": {"type": "integer", "minimum": 1, "maximum": 1000},
                           "action": {"enum": ["booked", "rescheduled", "cancelled"]},
                           "hall": HALL, "item_code": ITEM_CODE,
                           "application_id": UUID, "receipt_no": RECEIPT,
                           "account_ref": ACCOUNT_REF,
                           "name": {"type": "string", "minLength": 1, "maxLength": 50},
                           "id_masked": {"type": "string", "maxLength": 18,
                                         "pattern": "^[0-9]{6}[*]{8}[0-9]{3}[0-9X]$"},
                           "starts_at": TIMESTAMP, "ends_at": TIMESTAMP, "at": TIMESTAMP}}))

# What the hall officer recorded: the citizen came (arrived) or did not (no_show).
VISIT = declare(MessageType(
    "appointment.visit", 1, "intranet", "internet", max_bytes=4 * 1024, stream="appointments",
    schema={"type": "object", "additionalProperties": False,
            "required": ["booking_id", "reference", "outcome", "at"],
            "properties": {"booking_id": UUID, "reference": REFERENCE,
                           "outcome": {"enum": ["arrived", "no_show"]}, "at": TIMESTAMP}}))

# The working-day calendar as the intranet's administrators entered it (ADR 0018, 0029): every
# entered holiday, make-up working day and single-day override from a week ago on, sent whole
# after each change. ``revision`` is the intranet's calendar counter; the portal keeps the
# newest and answers from it before the chinesecalendar library.
CALENDAR_DAYS = 800
CALENDAR = declare(MessageType(
    "calendar.published", 1, "intranet", "internet", max_bytes=64 * 1024, stream="calendar",
    schema={"type": "object", "additionalProperties": False,
            "required": ["revision", "days", "published_at"],
            "properties": {
                "revision": {"type": "integer", "minimum": 0, "maximum": 2**53},
                "published_at": TIMESTAMP,
                "days": {"type": "array", "maxItems": CALENDAR_DAYS, "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["date", "working", "name"],
                    "properties": {"date": {"type": "string", "maxLength": 10,
                                            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                                   "working": {"type": "boolean"},
                                   "name": {"type": "string", "maxLength": 50}}}}}}))
