"""Online fee payment (办证费用网上支付). The intranet decides the fee when a case reaches its
payment point and asks the portal to collect it; the portal, where the citizen and the gateway
are, reports the verified payment back. A case refused or withdrawn after that asks for the
fee back (``payment.refund``: closes an unpaid order, refunds a paid one). ADR 0022."""

from policeonline.exchange.types import MessageType, declare

from .applications import APP_STREAMS, RECEIPT, SLUG, TIMESTAMP, UUID

AMOUNT_FEN = {"type": "integer", "minimum": 1, "maximum": 10_000_000}
REFUNDED_FEN = {"type": "integer", "minimum": 0, "maximum": 10_000_000}
ORDER_NO = {"type": "string", "maxLength": 20, "pattern": "^F[0-9]{8}[0-9A-Z]{10}$"}
TEXT = {"type": "string", "minLength": 1, "maxLength": 100}

# On the intranet's main stream, so it stays in order with the case.updated of the same step.
REQUESTED = declare(MessageType(
    "payment.requested", 1, "intranet", "internet", max_bytes=4 * 1024,
    schema={"type": "object", "additionalProperties": False,
            "required": ["request_id", "application_id", "receipt_no", "fee_code", "fee_name",
                         "amount_fen", "requested_at"],
            "properties": {"request_id": UUID, "application_id": UUID, "receipt_no": RECEIPT,
                           "fee_code": SLUG, "fee_name": TEXT, "amount_fen": AMOUNT_FEN,
                           "requested_at": TIMESTAMP}}))

REFUND = declare(MessageType(
    "payment.refund", 1, "intranet", "internet", max_bytes=4 * 1024,
    schema={"type": "object", "additionalProperties": False,
            "required": ["request_id", "application_id", "receipt_no", "reason", "requested_at"],
            "properties": {"request_id": UUID, "application_id": UUID, "receipt_no": RECEIPT,
                           "reason": SLUG, "requested_at": TIMESTAMP}}))

CONFIRMED = declare(MessageType(
    "payment.confirmed", 1, "internet", "intranet", max_bytes=4 * 1024, **APP_STREAMS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["request_id", "application_id", "receipt_no", "order_no", "amount_fen",
                         "paid_at"],
            "properties": {"request_id": UUID, "application_id": UUID, "receipt_no": RECEIPT,
                           "order_no": ORDER_NO, "amount_fen": AMOUNT_FEN, "paid_at": TIMESTAMP}}))

REFUNDED = declare(MessageType(
    "payment.refunded", 1, "internet", "intranet", max_bytes=4 * 1024, **APP_STREAMS,
    schema={"type": "object", "additionalProperties": False,
            "required": ["request_id", "application_id", "receipt_no", "order_no", "outcome",
                         "amount_fen", "at"],
            "properties": {"request_id": UUID, "application_id": UUID, "receipt_no": RECEIPT,
                           "order_no": ORDER_NO, "outcome": {"enum": ["refunded", "closed"]},
                           "amount_fen": REFUNDED_FEN, "at": TIMESTAMP}}))
