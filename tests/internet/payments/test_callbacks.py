"""Callbacks: only the gateway's, fresh, once, for our order and its amount; everything else
is refused with a 4xx, logged, and changes nothing. Genuine repeats are acknowledged."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from policeonline.audit.models import AuditEvent
from policeonline.exchange.models import OutboxEntry
from policeonline.gateway_simulator import signing
from policeonline.payments.models import CallbackRecord, FeeOrder, PaymentEvent
from policeonline.payments.services import start_payment
from tests.internet.applications.conftest import outbox_bodies

from .conftest import notice, post_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def paying(order):
    start_payment(order, "http://portal.test/back/")
    order.refresh_from_db()
    assert order.state == FeeOrder.State.PAYING
    return order


def snapshot(order):
    order.refresh_from_db()
    return (order.state, order.trade_no, order.paid_at, PaymentEvent.objects.filter(order=order).count(),
            OutboxEntry.objects.filter(type="payment.confirmed").count())


def test_a_genuine_callback_marks_the_order_paid_and_tells_the_intranet(client, paying, gateway_key,
                                                                       exchange_keys):
    status, text = post_notice(client, notice(gateway_key, paying))
    assert (status, text) == (200, "success")
    paying.refresh_from_db()
    assert paying.state == "paid" and paying.paid_at
    [body] = outbox_bodies(exchange_keys, "payment.confirmed")
    assert body["order_no"] == paying.order_no and body["amount_fen"] == 2000
    assert body["request_id"] == str(paying.request_id)


def test_a_retried_genuine_callback_is_acknowledged_and_applied_once(client, paying, gateway_key):
    assert post_notice(client, notice(gateway_key, paying)) == (200, "success")
    before = snapshot(paying)
    for _ in range(3):  # the gateway retries with a fresh notify_id each time
        assert post_notice(client, notice(gateway_key, paying)) == (200, "success")
    assert snapshot(paying) == before
    assert CallbackRecord.objects.filter(outcome="duplicate").count() == 3


def refused(client, order, body, status):
    before = snapshot(order)
    got, _ = post_notice(client, body)
    assert got == status
    assert snapshot(order) == before
    assert CallbackRecord.objects.filter(outcome="refused").exists()
    assert AuditEvent.objects.filter(action="payment.callback_refused").exists()


def test_a_replayed_callback_is_refused(client, paying, gateway_key):
    body = notice(gateway_key, paying)
    assert post_notice(client, body) == (200, "success")
    refused(client, paying, body, 409)


def test_a_forged_callback_is_refused(client, paying):
    refused(client, paying, notice(Ed25519PrivateKey.generate(), paying), 400)


def test_an_amount_tampered_callback_is_refused(client, paying, gateway_key):
    body = notice(gateway_key, paying)
    body["amount_fen"] = 1  # changed after signing
    refused(client, paying, body, 400)


def test_a_signed_callback_with_another_amount_is_refused(client, paying, gateway_key):
    refused(client, paying, notice(gateway_key, paying, amount_fen=1), 409)


def test_a_callback_for_another_trade_number_is_refused(client, paying, gateway_key):
    refused(client, paying, notice(gateway_key, paying, trade_no="T999"), 409)


def test_a_callback_for_an_unknown_order_is_refused(client, paying, gateway_key):
    refused(client, paying, notice(gateway_key, paying, out_trade_no="F20261127ZZZZZZZZZZ"), 409)


def test_a_stale_callback_is_refused(client, paying, gateway_key):
    old = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    refused(client, paying, notice(gateway_key, paying, notify_time=old), 400)


def test_a_callback_for_another_merchant_is_refused(client, paying, gateway_key):
    refused(client, paying, notice(gateway_key, paying, merchant_id="OTHER"), 400)


@pytest.mark.parametrize("raw", [b"", b"not json", b"[1]", json.dumps({"sign": "x"}).encode()])
def test_garbage_is_refused(client, paying, raw):
    before = snapshot(paying)
    response = client.post("/payments/notify/gateway_simulator/", data=raw,
                           content_type="application/json")
    assert response.status_code == 400 and snapshot(paying) == before


def test_a_callback_without_a_signature_field_is_refused(client, paying, gateway_key):
    body = notice(gateway_key, paying)
    del body["sign"]
    refused(client, paying, body, 400)


def test_a_waiting_status_changes_nothing(client, paying, gateway_key):
    before = snapshot(paying)
    assert post_notice(client, notice(gateway_key, paying, trade_status="WAIT_BUYER_PAY"))[0] == 200
    assert snapshot(paying) == before


def test_signing_covers_every_field(gateway_key):
    body = signing.sign({"a": 1, "b": "二"}, gateway_key)
    assert signing.verify(body, gateway_key.public_key())
    assert not signing.verify({**body, "b": "三"}, gateway_key.public_key())
