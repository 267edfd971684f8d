"""What the portal reports about fees (inside the inbox's transaction)."""

from django.utils import timezone

from policeonline.audit.log import record
from policeonline.cases import engine
from policeonline.exchange.types import handles

from .models import FeeRequest

State = FeeRequest.State


class Unprocessable(Exception):
    """Genuine but not applicable; the inbox quarantines it."""


def _fee(body) -> FeeRequest:
    fee = FeeRequest.objects.select_related("case").filter(request_id=body["request_id"]).first()
    if fee is None or str(fee.case.application_id) != body["application_id"]:
        raise Unprocessable(f"no fee request {body['request_id']} for {body['receipt_no']}")
    return fee


@handles("payment.confirmed", from_zone="internet")
def on_confirmed(body, envelope):
    fee = _fee(body)
    if fee.state != State.REQUESTED:
        return  # already known, or the case ended meanwhile (the portal refunds it)
    if body["amount_fen"] != fee.amount_fen:
        raise Unprocessable(f"paid {body['amount_fen']} fen, requested {fee.amount_fen}")
    fee.state, fee.order_no, fee.paid_at = State.PAID, body["order_no"], timezone.now()
    fee.save()
    record("portal", "payment.confirmed", fee.case.receipt_no, order_no=body["order_no"])
    case = fee.case
    if case.is_open and case.template.transition("confirm_payment") and \
            case.state in case.template.transition("confirm_payment").from_:
        engine.perform(case.pk, "confirm_payment", engine.SYSTEM)


@handles("payment.refunded", from_zone="internet")
def on_refunded(body, envelope):
    fee = _fee(body)
    if fee.state in (State.REFUNDED, State.CLOSED):
        return
    fee.state = State.REFUNDED if body["outcome"] == "refunded" else State.CLOSED
    fee.order_no = body["order_no"]
    fee.settled_at = timezone.now()
    fee.save()
    record("portal", f"payment.{body['outcome']}", fee.case.receipt_no, order_no=body["order_no"])
