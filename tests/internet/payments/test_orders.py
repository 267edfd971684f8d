"""Orders from the intranet's requests, the citizen's pages, lost callbacks, refunds."""

from decimal import Decimal

import pytest

from policeonline.payments.models import FeeOrder
from policeonline.payments.money import fen_to_yuan, yuan_to_fen
from policeonline.payments.receipt import amount_in_words
from policeonline.payments.services import apply_trade, catch_up, send_refund, start_payment
from tests.internet.applications.conftest import outbox_bodies

from .conftest import request_payment

pytestmark = pytest.mark.django_db
State = FeeOrder.State


def test_a_request_opens_one_order_whatever_the_transport_repeats(intranet, app, gateway):
    order = request_payment(intranet, app, request_id="6f1f0b8a-4a8e-4c61-9a0e-2b51c7d0a001")
    request_payment(intranet, app, request_id="6f1f0b8a-4a8e-4c61-9a0e-2b51c7d0a001")
    assert FeeOrder.objects.filter(application=app).count() == 1
    assert order.amount_fen == 2000 and order.amount_yuan == "20.00" and order.state == State.CREATED
    assert order.order_no.startswith("F") and len(order.order_no) == 19


def test_order_numbers_do_not_count(intranet, app, gateway):
    numbers = [request_payment(intranet, app).order_no for _ in range(3)]
    assert len(set(numbers)) == 3
    assert all(set(n[9:]) <= set("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for n in numbers)


def test_money_is_fen():
    assert yuan_to_fen(Decimal("20")) == 2000 and yuan_to_fen("40.5") == 4050
    assert fen_to_yuan(4050) == "40.50" and fen_to_yuan(5) == "0.05"
    assert amount_in_words(2000) == "贰拾元整"
    assert amount_in_words(4050) == "肆拾元伍角"
    assert amount_in_words(100001) == "壹仟元零壹分"
    assert amount_in_words(10_000_00) == "壹万元整"


def test_the_citizen_sees_the_amount_and_goes_to_the_gateway(client, citizen, order):
    client.force_login(citizen)
    page = client.get(f"/applications/{order.application_id}/")
    assert "20.00" in page.content.decode()
    page = client.get(f"/payments/{order.order_no}/")
    assert "20.00" in page.content.decode()
    # A browser follows the pay form's redirect to the gateway only if the page allows it;
    # the policy names the gateway's origin and nothing else beyond the portal itself.
    form_action = next(d for d in page["Content-Security-Policy"].split(";")
                       if d.strip().startswith("form-action"))
    assert form_action.split()[1:] == ["'self'", "http://gateway.test"]
    response = client.post(f"/payments/{order.order_no}/pay/")
    assert response.status_code == 302 and response["Location"].startswith("http://gateway.test/pay/")
    order.refresh_from_db()
    assert order.state == State.PAYING
    # the result page polls while the gateway has not confirmed
    assert 'hx-trigger="every 3s"' in client.get(f"/payments/{order.order_no}/").content.decode()


def test_another_citizen_cannot_see_pay_or_download(client, other, order, gateway):
    client.force_login(other)
    assert client.get(f"/payments/{order.order_no}/").status_code == 404
    assert client.post(f"/payments/{order.order_no}/pay/").status_code == 404
    assert client.get(f"/payments/{order.order_no}/receipt.pdf").status_code == 404
    assert gateway.calls == []
    order.refresh_from_db()
    assert order.state == State.CREATED


def test_a_lost_callback_is_recovered_by_query(order, gateway, exchange_keys):
    start_payment(order, "http://portal.test/back/")
    gateway.pay(order.order_no)  # paid at the gateway; the callback never arrives
    assert catch_up(older_than_minutes=0)["paid"] == 1
    order.refresh_from_db()
    assert order.state == State.PAID
    assert [b["order_no"] for b in outbox_bodies(exchange_keys, "payment.confirmed")] == [order.order_no]
    assert catch_up(older_than_minutes=0)["paid"] == 0  # nothing left to catch up


def test_an_unpaid_order_stays_paying_after_query(order, gateway):
    start_payment(order, "http://portal.test/back/")
    assert catch_up(older_than_minutes=0)["unchanged"] == 1
    order.refresh_from_db()
    assert order.state == State.PAYING


def paid(order, gateway):
    start_payment(order, "http://portal.test/back/")
    gateway.pay(order.order_no)
    catch_up(older_than_minutes=0)
    order.refresh_from_db()
    return order


def test_a_refusal_after_payment_refunds(intranet, order, gateway, exchange_keys,
                                         django_capture_on_commit_callbacks):
    paid(order, gateway)
    with django_capture_on_commit_callbacks(execute=True):
        intranet.send("payment.refund", {"request_id": str(order.request_id),
                                         "application_id": str(order.application_id),
                                         "receipt_no": order.application.receipt_no,
                                         "reason": "refused", "requested_at": "2026-11-27T10:00:00Z"})
    order.refresh_from_db()
    assert order.state == State.REFUNDED and order.refund_no
    assert gateway.refunds == [order.refund_no_out]
    [body] = outbox_bodies(exchange_keys, "payment.refunded")
    assert body["outcome"] == "refunded" and body["amount_fen"] == 2000


def test_a_refund_the_gateway_did_not_take_is_retried_by_catch_up(intranet, order, gateway):
    paid(order, gateway)
    intranet.send("payment.refund", {"request_id": str(order.request_id),
                                     "application_id": str(order.application_id),
                                     "receipt_no": order.application.receipt_no,
                                     "reason": "refused", "requested_at": "2026-11-27T10:00:00Z"})
    order.refresh_from_db()
    assert order.state == State.REFUNDING  # the on-commit attempt did not run here
    assert catch_up(older_than_minutes=0)["refunded"] == 1
    order.refresh_from_db()
    assert order.state == State.REFUNDED
    assert send_refund(order.pk) is False  # nothing more to do


def test_an_unpaid_order_of_a_refused_case_is_closed(intranet, order, exchange_keys):
    intranet.send("payment.refund", {"request_id": str(order.request_id),
                                     "application_id": str(order.application_id),
                                     "receipt_no": order.application.receipt_no,
                                     "reason": "withdrawn", "requested_at": "2026-11-27T10:00:00Z"})
    order.refresh_from_db()
    assert order.state == State.CLOSED
    assert outbox_bodies(exchange_keys, "payment.refunded")[0]["outcome"] == "closed"


def test_a_payment_arriving_after_close_is_refunded(intranet, order, gateway):
    start_payment(order, "http://portal.test/back/")
    order.refresh_from_db()
    order.cancel_requested = True
    order.state = State.CLOSED
    order.save()
    gateway.pay(order.order_no)
    assert apply_trade(order.order_no, gateway.query(order.order_no), "query") == "applied"
    order.refresh_from_db()
    assert order.state == State.REFUNDING


def test_the_receipt_is_a_pdf_for_the_owner(client, citizen, order, gateway):
    client.force_login(citizen)
    assert client.get(f"/payments/{order.order_no}/receipt.pdf").status_code == 404  # not paid
    paid(order, gateway)
    response = client.get(f"/payments/{order.order_no}/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_once_paid_the_updating_status_no_longer_offers_to_pay(client, citizen, order, gateway):
    """The result page updates its status region by itself; the pay button is in it, so it
    goes when the payment is confirmed instead of inviting the citizen to pay twice."""
    client.force_login(citizen)
    start_payment(order, "http://portal.test/back/")
    waiting = client.get(f"/payments/{order.order_no}/", HTTP_HX_REQUEST="true").content.decode()
    assert f"/payments/{order.order_no}/pay/" in waiting  # can still go back to the checkout
    gateway.pay(order.order_no)
    catch_up(older_than_minutes=0)
    update = client.get(f"/payments/{order.order_no}/", HTTP_HX_REQUEST="true").content.decode()
    assert f"/payments/{order.order_no}/pay/" not in update
    assert f"/payments/{order.order_no}/receipt.pdf" in update


def test_the_fee_is_named_in_the_readers_language(client, citizen, intranet, app, gateway):
    """The intranet sends the fee's Chinese name; the English page names it from the catalog
    (SF-001's fee ``standard``: 工本费 / Card fee), before and after the department asks."""
    client.force_login(citizen)
    client.cookies["lang"] = "en"
    before = client.get(f"/applications/{app.pk}/").content.decode()
    assert "Card fee" in before and "工本费" not in before
    order = request_payment(intranet, app, request_id=None)
    FeeOrder.objects.filter(pk=order.pk).update(fee_code="standard", fee_name="工本费")
    for page in (client.get(f"/applications/{app.pk}/"), client.get(f"/payments/{order.order_no}/")):
        assert "Card fee" in page.content.decode() and "工本费" not in page.content.decode()
    client.cookies["lang"] = "zh-hans"
    assert "工本费" in client.get(f"/payments/{order.order_no}/").content.decode()
