"""The intranet's side of fee payment: the workflow's payment point asks the portal for the
item's fee (or refuses when there is none), the case waits with the clock paused, the portal's
confirmation moves it on, and a case ending without a grant asks for the fee back."""

import json
from datetime import UTC, datetime

import pytest

from policeonline.cases import engine
from policeonline.cases.models import Case
from policeonline.exchange.models import OutboxEntry
from policeonline.payments.desk.models import FeeRequest
from tests.intranet.cases.conftest import receipt_for
from tests.intranet.conftest import sign_in

pytestmark = pytest.mark.django_db
State = FeeRequest.State


def officer(o):
    return engine.Actor.officer(o)


def outbox(exchange_keys, type_name):
    from policeonline.exchange.envelope import decode_body, open_envelope

    return [decode_body(open_envelope(bytes(e.data), zone="internet", keyring=exchange_keys["internet"],
                                      max_bytes=1 << 20))
            for e in OutboxEntry.objects.filter(type=type_name).order_by("id")]


def examining(portal, officers, item="JZ-005", **data):
    app_id, _ = portal.submit(item)
    case = Case.objects.get(application_id=app_id)
    if data:
        Case.objects.filter(pk=case.pk).update(data_json=json.dumps({**case.data, **data}))
    engine.claim(case.pk, officer(officers["clerk"]))
    return engine.perform(case.pk, "accept", officer(officers["clerk"]))


def confirm(portal, fee, amount=None):
    case = fee.case
    return portal.send("payment.confirmed", {
        "request_id": str(fee.request_id), "application_id": str(case.application_id),
        "receipt_no": receipt_for(str(case.application_id)), "order_no": "F20261127ABCDEFGHJK",
        "amount_fen": amount or fee.amount_fen,
        "paid_at": datetime.now(UTC).isoformat().replace("+00:00", "Z")})


def test_the_payment_point_asks_the_portal_for_the_items_fee(portal, officers, exchange_keys):
    case = examining(portal, officers, fee_exempt=False)
    case = engine.perform(case.pk, "request_payment", officer(officers["clerk"]))
    assert case.state == "awaiting_payment" and case.paused_on is not None
    fee = FeeRequest.objects.get(case=case)
    assert (fee.fee_code, fee.amount_fen, fee.state) == ("standard", 2000, State.REQUESTED)
    [body] = outbox(exchange_keys, "payment.requested")
    assert body["amount_fen"] == 2000 and body["request_id"] == str(fee.request_id)


def test_the_portals_confirmation_moves_the_case_on(portal, officers):
    case = examining(portal, officers, fee_exempt=False)
    engine.perform(case.pk, "request_payment", officer(officers["clerk"]))
    fee = FeeRequest.objects.get(case=case)
    confirm(portal, fee)
    confirm(portal, fee)  # a repeat changes nothing
    case.refresh_from_db()
    fee.refresh_from_db()
    assert case.state == "examining" and case.paused_on is None
    assert fee.state == State.PAID and fee.order_no
    assert case.events.filter(action="confirm_payment").count() == 1


def test_a_confirmation_of_another_amount_is_not_applied(portal, officers):
    case = examining(portal, officers, fee_exempt=False)
    engine.perform(case.pk, "request_payment", officer(officers["clerk"]))
    fee = FeeRequest.objects.get(case=case)
    confirm(portal, fee, amount=1)
    case.refresh_from_db()
    fee.refresh_from_db()
    assert case.state == "awaiting_payment" and fee.state == State.REQUESTED


def test_no_fee_means_no_payment_point(portal, officers):
    case = examining(portal, officers, fee_exempt=True)
    with pytest.raises(engine.NotAllowed):
        engine.perform(case.pk, "request_payment", officer(officers["clerk"]))
    case.refresh_from_db()
    assert case.state == "examining" and not FeeRequest.objects.exists()
    free = examining(portal, officers, item="HZ-001")
    Case.objects.filter(pk=free.pk).update(workflow="visit")
    with pytest.raises(engine.NotAllowed):
        engine.perform(free.pk, "request_payment", officer(officers["clerk"]))


def test_a_refusal_after_payment_asks_for_a_refund(portal, officers, exchange_keys):
    case = examining(portal, officers, fee_exempt=False)
    engine.perform(case.pk, "request_payment", officer(officers["clerk"]))
    fee = FeeRequest.objects.get(case=case)
    confirm(portal, fee)
    engine.perform(case.pk, "reject", officer(officers["supervisor"]), reason_code="other",
                   note="材料不符")
    fee.refresh_from_db()
    assert fee.state == State.REFUND_REQUESTED
    [body] = outbox(exchange_keys, "payment.refund")
    assert body["request_id"] == str(fee.request_id) and body["reason"] == "rejected"
    portal.send("payment.refunded", {
        "request_id": str(fee.request_id), "application_id": str(case.application_id),
        "receipt_no": receipt_for(str(case.application_id)), "order_no": "F20261127ABCDEFGHJK",
        "outcome": "refunded", "amount_fen": 2000, "at": "2026-11-27T10:00:00Z"})
    fee.refresh_from_db()
    assert fee.state == State.REFUNDED


def test_a_withdrawal_while_awaiting_payment_closes_the_order(portal, officers, exchange_keys):
    case = examining(portal, officers, fee_exempt=False)
    engine.perform(case.pk, "request_payment", officer(officers["clerk"]))
    portal.act(str(case.application_id), "withdraw")
    case.refresh_from_db()
    assert case.state == "withdrawn"
    assert outbox(exchange_keys, "payment.refund")[0]["reason"] == "withdrawn"


def test_the_payments_view_is_department_scoped(client, portal, officers):
    case = examining(portal, officers, fee_exempt=False)
    engine.perform(case.pk, "request_payment", officer(officers["clerk"]))
    sign_in(client, officers["clerk"])
    page = client.get("/payments/")
    assert page.status_code == 200 and case.receipt_no in page.content.decode()
    client.post("/officers/logout/")
    client.cookies.clear()
    sign_in(client, officers["other"])
    assert client.get("/payments/").status_code == 200
    assert case.receipt_no not in client.get("/payments/").content.decode()


def test_the_demo_seed_asks_a_fee(portal, officers):
    from django.core.management import call_command

    app_id, _ = portal.submit("SF-001")
    Case.objects.filter(application_id=app_id).update(data_json='{"fee_exempt": false}')
    call_command("seed_demo_payments")
    case = Case.objects.get(application_id=app_id)
    assert case.state == "awaiting_payment" and case.fee_requests.count() == 1
