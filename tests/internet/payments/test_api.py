"""The payments API: own orders only (another account's order is a 404 everywhere)."""

import pytest

from policeonline.payments.models import FeeOrder
from policeonline.payments.services import catch_up

pytestmark = pytest.mark.django_db


def test_the_owner_lists_pays_and_downloads(client, citizen, order, gateway):
    client.force_login(citizen)
    [listed] = client.get("/api/v1/payments").json()
    assert listed["order_no"] == order.order_no and listed["amount_fen"] == 2000
    assert listed["amount_yuan"] == "20.00" and listed["state"] == "created"
    answer = client.post(f"/api/v1/payments/{order.order_no}/pay")
    assert answer.status_code == 200 and answer.json()["pay_url"].startswith("http://gateway.test/pay/")
    assert client.get(f"/api/v1/payments/{order.order_no}/receipt").status_code == 404  # not paid
    gateway.pay(order.order_no)
    catch_up(older_than_minutes=0)
    assert client.get(f"/api/v1/payments/{order.order_no}").json()["state"] == "paid"
    pdf = client.get(f"/api/v1/payments/{order.order_no}/receipt")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.post(f"/api/v1/payments/{order.order_no}/pay").status_code == 409


def test_another_account_gets_404(client, other, order, gateway):
    client.force_login(other)
    assert client.get("/api/v1/payments").json() == []
    assert client.get(f"/api/v1/payments/{order.order_no}").status_code == 404
    assert client.post(f"/api/v1/payments/{order.order_no}/pay").status_code == 404
    assert client.get(f"/api/v1/payments/{order.order_no}/receipt").status_code == 404
    assert gateway.calls == [] and FeeOrder.objects.get(pk=order.pk).state == "created"


def test_anonymous_gets_401(client, order):
    assert client.get("/api/v1/payments").status_code == 401
