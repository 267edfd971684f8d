"""Daily reconciliation (对账): the gateway's statement of a day against our orders. Every
mismatch is reported: on the statement but not here, here but not on the statement, amount
differs, state differs. The report is written to the audit log and returned."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from policeonline.audit.log import record

from .models import FeeOrder
from .providers.base import StatementLine

State = FeeOrder.State
PAID_STATES = {State.PAID, State.REFUNDING, State.REFUNDED}


@dataclass(frozen=True)
class Mismatch:
    kind: str  # missing_here | missing_at_gateway | amount_differs | state_differs
    order_no: str
    detail: str

    def __str__(self):
        return f"{self.kind:20} {self.order_no:20} {self.detail}"


def _day(day: date):
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(day, time.min), tz),
            timezone.make_aware(datetime.combine(day, time.max), tz))


def reconcile(day: date, lines: list[StatementLine]) -> list[Mismatch]:
    out: list[Mismatch] = []
    names = {line.order_no for line in lines}
    orders = {o.order_no: o for o in FeeOrder.objects.filter(order_no__in=names)}
    for line in lines:
        order = orders.get(line.order_no)
        if order is None:
            out.append(Mismatch("missing_here", line.order_no, f"{line.kind} {line.amount_fen} fen, "
                                                               f"trade {line.trade_no}"))
            continue
        if line.amount_fen != order.amount_fen:
            out.append(Mismatch("amount_differs", line.order_no,
                                f"{line.kind}: gateway {line.amount_fen} fen, here {order.amount_fen}"))
        wanted = PAID_STATES if line.kind == "payment" else {State.REFUNDED}
        if order.state not in wanted:
            out.append(Mismatch("state_differs", line.order_no,
                                f"gateway booked a {line.kind}, here {order.state}"))
    start, end = _day(day)
    booked = {(line.order_no, line.kind) for line in lines}
    for order in FeeOrder.objects.filter(paid_at__range=(start, end)):
        if (order.order_no, "payment") not in booked:
            out.append(Mismatch("missing_at_gateway", order.order_no,
                                f"paid here ({order.amount_fen} fen), not on the statement"))
    for order in FeeOrder.objects.filter(refunded_at__range=(start, end)):
        if (order.order_no, "refund") not in booked:
            out.append(Mismatch("missing_at_gateway", order.order_no,
                                f"refunded here ({order.amount_fen} fen), not on the statement"))
    record("system", "payment.reconciled", day.isoformat(), lines=len(lines),
           mismatches=[str(m) for m in out][:200])
    return out
