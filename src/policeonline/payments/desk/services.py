"""The fee of a case: decided from the item's catalog fees and the application (a fee-exempt
declaration, a chosen variant), requested from the portal, and given back when the case ends
without a grant. Called by ``cases.engine`` inside its transaction (case row locked)."""

import uuid
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policeonline.audit.log import record
from policeonline.catalog.models import Item
from policeonline.core.fees import ACCEPTANCE, ISSUE, choose, fee_stage, fee_steps  # noqa: F401
from policeonline.exchange.outbox import enqueue
from policeonline.payments.money import fen_to_yuan

from .models import FeeRequest

State = FeeRequest.State


class NoFee(Exception):
    """This case has nothing to pay; the message says why (localised)."""


def _now() -> str:
    return timezone.now().isoformat().replace("+00:00", "Z")


REASONS = {
    "exempt": gettext_lazy("The applicant is exempt from the fee."),
    "none": gettext_lazy("This item has no fixed fee to collect online."),
    "hall": gettext_lazy("Which fee applies is decided at the hall for this item."),
    "unknown": gettext_lazy("The application does not say which fee applies."),
}


def fee_for(case) -> tuple[str, str, int]:
    """(code, Chinese name, amount in fen) of the fee this case pays: the variant the
    applicant's answers choose (``core/data/fee_steps.yaml``), or the item's only fee."""
    fee, why = choose(Item.objects.get(code=case.item_code), case.data)
    if fee is None:
        raise NoFee(str(REASONS[why]))
    amount = int(Decimal(fee["amount_cny"]) * 100)
    if amount <= 0:
        raise NoFee(_("The fee is zero."))
    return fee["code"], fee["name"]["zh"], amount


def fee_summary(case) -> dict | None:
    """What the case page shows (ADR 0029): the fee, its amount, when it is due and where the
    payment stands; None for an item without fees."""
    item = Item.objects.get(code=case.item_code)
    if not item.fees and not item.fee_varies:
        return None
    stage = fee_stage(case.item_code)
    summary = {"due": _("before acceptance") if stage == ACCEPTANCE else _("before the document is issued"),
               "requests": list(case.fee_requests.order_by("requested_at")), "name": "", "amount": "",
               "not_online": ""}
    try:
        _code, summary["name"], amount = fee_for(case)
        summary["amount"] = fen_to_yuan(amount)
    except NoFee as exc:
        summary["not_online"] = str(exc)
    return summary


def fee_refusal(case, t) -> str | None:
    """Why the step ``t`` cannot be taken yet: the fee due before it (acceptance or issue, by
    the item) is unpaid. None when the step is not the item's fee step, or nothing is owed."""
    gate = ACCEPTANCE if t.starts_clock else ISSUE if "issue_document" in t.effects else None
    if gate is None or gate != fee_stage(case.item_code):
        return None
    try:
        _code, _name, amount = fee_for(case)
    except NoFee:
        return None
    fees = case.fee_requests.all()
    if any(f.state == State.PAID for f in fees):
        return None
    values = {"amount": fen_to_yuan(amount)}
    if any(f.state == State.REQUESTED for f in fees):
        return _("The applicant has not paid the fee (%(amount)s yuan) yet; this step waits "
                 "for the payment.") % values
    if gate == ACCEPTANCE:
        return _("This item's fee (%(amount)s yuan) is paid before acceptance: ask for the fee "
                 "first.") % values
    return _("This item's fee (%(amount)s yuan) is paid before the document is issued: ask for "
             "the fee first.") % values


def request_payment(case) -> FeeRequest:
    if fee_stage(case.item_code) == ACCEPTANCE and case.accepted_on is not None:
        raise NoFee(_("This item's fee is asked for before acceptance; the case is already accepted."))
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
