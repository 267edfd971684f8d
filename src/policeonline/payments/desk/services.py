"""The fee of a case: decided from the item's catalog fees and the application (a fee-exempt
declaration, a chosen variant), requested from the portal, and given back when the case ends
without a grant. Called by ``cases.engine`` inside its transaction (case row locked)."""

import uuid
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.audit.log import record
from policeonline.catalog.models import Item
from policeonline.exchange.outbox import enqueue

from .models import FeeRequest

State = FeeRequest.State
EXEMPT_FIELD, VARIANT_FIELD = "fee_exempt", "fee_variant"


class NoFee(Exception):
    """This case has nothing to pay; the message says why (localised)."""


def _now() -> str:
    return timezone.now().isoformat().replace("+00:00", "Z")


def fee_for(case) -> tuple[str, str, int]:
    """(code, Chinese name, amount in fen) of the fee this case pays."""
    item = Item.objects.get(code=case.item_code)
    data = case.data
    if data.get(EXEMPT_FIELD) in (True, "true", "on", "1"):
        raise NoFee(_("The applicant is exempt from the fee."))
    if item.fee_varies or not item.fees:
        raise NoFee(_("This item has no fixed fee to collect online."))
    fees = {f["code"]: f for f in item.fees}
    fee = fees.get(data.get(VARIANT_FIELD)) or item.fees[0]
    amount = int(Decimal(fee["amount_cny"]) * 100)
    if amount <= 0:
        raise NoFee(_("The fee is zero."))
    return fee["code"], fee["name"]["zh"], amount


def request_payment(case) -> FeeRequest:
    if case.fee_requests.exclude(state__in=[State.REFUNDED, State.CLOSED]).exists():
        raise NoFee(_("A fee has already been requested for this case."))
    code, name, amount = fee_for(case)
    fee = FeeRequest.objects.create(request_id=uuid.uuid4(), case=case, fee_code=code,
                                    fee_name=name, amount_fen=amount)
    enqueue("payment.requested", {
        "request_id": str(fee.request_id), "application_id": str(case.application_id),
        "receipt_no": case.receipt_no, "fee_code": code, "fee_name": name, "amount_fen": amount,
        "requested_at": _now()}, correlation_id=str(case.application_id))
    record("system", "payment.requested", case.receipt_no, amount_fen=amount, fee=code)
    return fee


def give_back(case, reason: str) -> None:
    """The case closed without a grant: close the unpaid order, refund a paid one."""
    for fee in case.fee_requests.filter(state__in=[State.REQUESTED, State.PAID]):
        fee.state = State.REFUND_REQUESTED
        fee.save()
        enqueue("payment.refund", {
            "request_id": str(fee.request_id), "application_id": str(case.application_id),
            "receipt_no": case.receipt_no, "reason": reason, "requested_at": _now()},
            correlation_id=str(case.application_id))
        record("system", "payment.refund_requested", case.receipt_no, reason=reason)
