"""Reconciliation reports every difference between the gateway's statement and our orders."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from policeonline.audit.models import AuditEvent
from policeonline.payments.models import FeeOrder
from policeonline.payments.providers.base import StatementLine
from policeonline.payments.reconcile import reconcile

from .conftest import request_payment

pytestmark = pytest.mark.django_db
State = FeeOrder.State


def booked(order, state=State.PAID, **fields):
    FeeOrder.objects.filter(pk=order.pk).update(state=state, trade_no="T" + order.order_no[1:],
                                                paid_at=timezone.now(), **fields)
    order.refresh_from_db()
    return order


def line(order, kind="payment", amount=None):
    return StatementLine(order.order_no, order.trade_no or "", kind,
                         order.amount_fen if amount is None else amount)


def test_a_matching_day_has_no_mismatch(intranet, app, gateway):
    paid = booked(request_payment(intranet, app))
    refunded = booked(request_payment(intranet, app), State.REFUNDED, refunded_at=timezone.now())
    lines = [line(paid), line(refunded), line(refunded, "refund")]
    assert reconcile(timezone.localdate(), lines) == []


def test_every_mismatch_is_reported(intranet, app, gateway, tmp_path, capsys):
    fine = booked(request_payment(intranet, app))
    not_on_statement = booked(request_payment(intranet, app))
    other_amount = booked(request_payment(intranet, app))
    still_paying = request_payment(intranet, app)
    not_refunded_here = booked(request_payment(intranet, app))
    lines = [line(fine), line(other_amount, amount=1), line(still_paying),
             line(not_refunded_here), line(not_refunded_here, "refund"),
             StatementLine("F20261127ABCDEFGHJK", "T1", "payment", 2000)]
    found = {(m.kind, m.order_no) for m in reconcile(timezone.localdate(), lines)}
    assert found == {("missing_at_gateway", not_on_statement.order_no),
                     ("amount_differs", other_amount.order_no),
                     ("state_differs", still_paying.order_no),
                     ("state_differs", not_refunded_here.order_no),
                     ("missing_here", "F20261127ABCDEFGHJK")}
    assert AuditEvent.objects.filter(action="payment.reconciled").exists()
    # the command reads the simulator's statement file and exits 1 on any mismatch
    csv = tmp_path / "statement.csv"
    csv.write_text("trade_no,out_trade_no,type,amount_fen,trade_status,booked_at,refund_no\n"
                   f"T1,{fine.order_no},payment,2000,TRADE_SUCCESS,x,\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        call_command("payments", "reconcile", "--date", timezone.localdate().isoformat(),
                     "--file", str(csv))
    assert exit_.value.code == 1
    assert not_on_statement.order_no in capsys.readouterr().out
