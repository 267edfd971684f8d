"""The one write path of fee orders: every state change locks the row, appends to the
order's log and the audit log, and (where the intranet must know) queues the envelope in the
same transaction. Calls to the gateway happen outside transactions; their answers come back
in through ``apply_trade`` / ``apply_refund``, which accept only what the gateway signed."""

import logging
import uuid

from django.db import transaction
from django.utils import timezone

from policeonline.audit.log import record
from policeonline.exchange.outbox import enqueue

from .models import FeeOrder, PaymentEvent
from .providers import registry
from .providers.base import GatewayError, TradeStatus

State = FeeOrder.State
log = logging.getLogger(__name__)


class Mismatch(Exception):
    """The gateway's word contradicts the order (amount, trade number): nothing changes."""


def _iso(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _move(order: FeeOrder, to_state: str, action: str, source: str, **detail) -> None:
    from_state = order.state
    order.state = to_state
    order.save()
    PaymentEvent.objects.create(order=order, action=action, from_state=from_state,
                                to_state=to_state, source=source, detail=detail)
    record(source, f"payment.{action}", order.order_no, state=to_state, **detail)


def open_order(application, *, request_id: str, fee_code: str, fee_name: str,
               amount_fen: int) -> FeeOrder:
    """A payment request from the intranet (idempotent on its id)."""
    order = FeeOrder.objects.filter(request_id=request_id).first()
    if order:
        return order
    order = FeeOrder.objects.create(request_id=request_id, application=application,
                                    fee_code=fee_code, fee_name=fee_name, amount_fen=amount_fen,
                                    provider=registry.default().code)
    PaymentEvent.objects.create(order=order, action="open", to_state=order.state, source="intranet",
                                detail={"amount_fen": amount_fen})
    record("intranet", "payment.open", order.order_no, amount_fen=amount_fen,
           receipt_no=application.receipt_no)
    return order


def start_payment(order: FeeOrder, return_url: str) -> str:
    """Open the order at the gateway (once) and return where the citizen pays."""
    if order.state == State.PAYING and order.pay_url:
        return order.pay_url
    if order.state != State.CREATED:
        raise Mismatch("order is not awaiting payment")
    provider = registry.get(order.provider)
    trade_no, pay_url = provider.create_trade(order, return_url)
    with transaction.atomic():
        order = FeeOrder.objects.select_for_update().get(pk=order.pk)
        if order.state == State.CREATED:
            order.trade_no, order.pay_url = trade_no, pay_url
            _move(order, State.PAYING, "pay", "citizen", trade_no=trade_no)
    return order.pay_url


def apply_trade(order_no: str, trade: TradeStatus, source: str) -> str:
    """The gateway's signed word on an order: record a payment, never anything it did not say.
    Returns ``applied`` or ``duplicate``; raises ``Mismatch`` (nothing changes)."""
    with transaction.atomic():
        order = FeeOrder.objects.select_for_update().filter(order_no=order_no).first()
        if order is None:
            raise Mismatch("unknown order")
        if trade.amount_fen != order.amount_fen:
            raise Mismatch(f"amount {trade.amount_fen} fen, order says {order.amount_fen}")
        if order.trade_no and trade.trade_no != order.trade_no:
            raise Mismatch("trade number differs from the order's")
        if trade.status != "paid":
            return "duplicate"  # nothing to apply (waiting or closed at the gateway)
        late = order.state == State.CLOSED  # paid at the gateway after we closed: refund it
        if order.state not in (State.CREATED, State.PAYING) and not late:
            return "duplicate"
        order.trade_no, order.paid_at = trade.trade_no, trade.paid_at or timezone.now()
        _move(order, State.PAID, "paid", source, trade_no=trade.trade_no)
        app = order.application
        if late:
            _move(order, State.REFUNDING, "refund_requested", "system", reason="paid after close")
            transaction.on_commit(lambda: send_refund(order.pk))
            return "applied"
        enqueue("payment.confirmed", {
            "request_id": str(order.request_id), "application_id": str(app.pk),
            "receipt_no": app.receipt_no, "order_no": order.order_no,
            "amount_fen": order.amount_fen, "paid_at": _iso(order.paid_at)},
            correlation_id=str(app.pk), shard_key=str(app.pk))
        if order.cancel_requested:  # the case ended while the citizen was paying
            _move(order, State.REFUNDING, "refund_requested", "system")
            transaction.on_commit(lambda: send_refund(order.pk))
        return "applied"


def apply_refund(order_no: str, refund_no: str, refund_fen: int, source: str) -> str:
    with transaction.atomic():
        order = FeeOrder.objects.select_for_update().filter(order_no=order_no).first()
        if order is None:
            raise Mismatch("unknown order")
        if refund_fen != order.amount_fen:
            raise Mismatch(f"refund {refund_fen} fen, order says {order.amount_fen}")
        if order.state != State.REFUNDING:
            return "duplicate"
        order.refund_no, order.refunded_at = refund_no, timezone.now()
        _move(order, State.REFUNDED, "refunded", source, refund_no=refund_no)
        _report_refunded(order, "refunded")
        return "applied"


def _report_refunded(order: FeeOrder, outcome: str) -> None:
    app = order.application
    enqueue("payment.refunded", {
        "request_id": str(order.request_id), "application_id": str(app.pk),
        "receipt_no": app.receipt_no, "order_no": order.order_no, "outcome": outcome,
        "amount_fen": order.amount_fen if outcome == "refunded" else 0,
        "at": _iso(timezone.now())}, correlation_id=str(app.pk), shard_key=str(app.pk))


def cancel(request_id: str, reason: str) -> FeeOrder | None:
    """The intranet no longer needs the fee (case refused, rejected, withdrawn): close an
    unpaid order, refund a paid one. An order being paid waits for the gateway's word."""
    order = FeeOrder.objects.select_for_update().filter(request_id=request_id).first()
    if order is None:
        return None
    order.cancel_requested = True
    if order.state == State.CREATED:
        _move(order, State.CLOSED, "closed", "intranet", reason=reason)
        _report_refunded(order, "closed")
    elif order.state == State.PAID:
        _move(order, State.REFUNDING, "refund_requested", "intranet", reason=reason)
        transaction.on_commit(lambda: send_refund(order.pk))
    else:
        order.save()  # paying: catch_up settles it with the gateway
    return order


def send_refund(order_pk: int) -> bool:
    """Ask the gateway to refund (idempotent at the gateway on our refund number)."""
    order = FeeOrder.objects.get(pk=order_pk)
    if order.state != State.REFUNDING:
        return False
    try:
        refund = registry.get(order.provider).refund(order, order.refund_no_out, order.amount_fen)
    except GatewayError as exc:
        log.warning("refund of %s not sent yet: %s", order.order_no, exc)
        return False
    return apply_refund(order.order_no, refund.refund_no, refund.amount_fen, "query") == "applied"


def catch_up(older_than_minutes: int = 5) -> dict:
    """For lost callbacks: ask the gateway about every order still paying (or refunding)."""
    counts = {"paid": 0, "refunded": 0, "closed": 0, "unchanged": 0, "errors": 0}
    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    for order in FeeOrder.objects.filter(state=State.PAYING, updated_at__lte=cutoff):
        try:
            trade = registry.get(order.provider).query(order.order_no)
            if trade.exists and trade.status == "paid":
                apply_trade(order.order_no, trade, "query")
                counts["paid"] += 1
            elif order.cancel_requested:
                _close_unpaid(order.pk)
                counts["closed"] += 1
            else:
                counts["unchanged"] += 1
        except (GatewayError, Mismatch) as exc:
            log.warning("catch-up of %s: %s", order.order_no, exc)
            record("system", "payment.catch_up_failed", order.order_no, error=str(exc)[:200])
            counts["errors"] += 1
    for pk in FeeOrder.objects.filter(state=State.REFUNDING, updated_at__lte=cutoff
                                      ).values_list("pk", flat=True):
        counts["refunded" if send_refund(pk) else "errors"] += 1
    return counts


def _close_unpaid(pk: int) -> None:
    with transaction.atomic():
        order = FeeOrder.objects.select_for_update().get(pk=pk)
        if order.state == State.PAYING:
            _move(order, State.CLOSED, "closed", "system", reason="case closed before payment")
            _report_refunded(order, "closed")


def new_request_id() -> str:
    return str(uuid.uuid4())
