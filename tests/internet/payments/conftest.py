"""Fee orders as the intranet asks for them, and a gateway played in-process: its answers
and callbacks are signed with a gateway key the platform trusts (the real-HTTP run with the
simulator process is in test_end_to_end)."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from policeonline.gateway_simulator import signing
from policeonline.payments import keys
from policeonline.payments.models import FeeOrder
from policeonline.payments.providers import registry
from policeonline.payments.providers.contrib.gateway_simulator.provider import GatewaySimulator
from tests.internet.applications.conftest import Intranet
from tests.internet.plates.conftest import make_citizen, submitted

MERCHANT = "PSO-JINAN"


def now() -> str:
    return datetime.now(UTC).isoformat()


class FakeGateway(GatewaySimulator):
    """The simulator's protocol answered in memory (signed with the gateway's key)."""

    def __init__(self, key):
        self.key, self.trades, self.refunds, self.calls = key, {}, [], []

    def pay_origin(self):
        return "http://gateway.test"

    def call(self, path, **fields):
        self.calls.append((path, fields))
        no = fields.get("out_trade_no", "")
        if path == "/api/trade/create":
            self.trades.setdefault(no, {"trade_no": "T" + no[1:], "trade_status": "WAIT_BUYER_PAY",
                                        "amount_fen": fields["amount_fen"], "paid_at": "",
                                        "refunded_fen": 0})
            answer = {"code": "OK", "out_trade_no": no, **self.trades[no],
                      "pay_url": f"http://gateway.test/pay/{self.trades[no]['trade_no']}/"}
        elif path == "/api/trade/query":
            answer = ({"code": "OK", "out_trade_no": no, **self.trades[no]} if no in self.trades
                      else {"code": "TRADE_NOT_EXIST", "out_trade_no": no})
        elif path == "/api/trade/refund":
            trade = self.trades[no]
            trade["refunded_fen"] = fields["amount_fen"]
            self.refunds.append(fields["out_refund_no"])
            answer = {"code": "OK", "out_trade_no": no, **trade, "out_refund_no": fields["out_refund_no"],
                      "refund_no": "RF" + no[1:], "refund_fen": fields["amount_fen"]}
        else:
            raise AssertionError(path)
        return signing.sign(answer, self.key)

    def pay(self, order_no):
        self.trades[order_no].update(trade_status="TRADE_SUCCESS", paid_at=now())


@pytest.fixture
def gateway_key(tmp_path, settings):
    settings.PAYMENT_KEY_DIR = str(tmp_path / "payment-keys")
    settings.PAYMENT_MERCHANT_ID = MERCHANT
    keys.create()
    key = Ed25519PrivateKey.generate()
    keys.trust_gateway(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return key


@pytest.fixture
def gateway(gateway_key):
    real = registry.get("gateway_simulator")
    fake = registry.register(FakeGateway(gateway_key))
    yield fake
    registry.register(real)


@pytest.fixture
def citizen(db):
    return make_citizen(11, "Jinan#2026road")


@pytest.fixture
def other(db):
    return make_citizen(12, "Jinan#2026road")


@pytest.fixture
def intranet(exchange_keys, db):
    return Intranet(exchange_keys["intranet"])


def request_payment(intranet, app, amount_fen=2000, request_id=None):
    body = {"request_id": request_id or str(uuid.uuid4()), "application_id": str(app.pk),
            "receipt_no": app.receipt_no, "fee_code": "first_issue", "fee_name": "居民身份证工本费",
            "amount_fen": amount_fen, "requested_at": now().replace("+00:00", "Z")}
    intranet.send("payment.requested", body)
    return FeeOrder.objects.get(request_id=body["request_id"])


@pytest.fixture
def app(citizen):
    return submitted(citizen, item_code="SF-001", fee="x")


@pytest.fixture
def order(intranet, app, gateway):
    return request_payment(intranet, app)


def notice(key, order, **over) -> dict:
    """A callback as the gateway sends it (signed after ``over`` is applied)."""
    body = {"notify_id": uuid.uuid4().hex, "notify_time": now(), "notify_type": "trade_status_sync",
            "merchant_id": MERCHANT, "out_trade_no": order.order_no,
            "trade_no": order.trade_no or "T" + order.order_no[1:], "trade_status": "TRADE_SUCCESS",
            "amount_fen": order.amount_fen, "paid_at": now(), **over}
    return signing.sign(body, key)


def post_notice(client, body) -> tuple[int, str]:
    response = client.post("/payments/notify/gateway_simulator/", data=json.dumps(body),
                           content_type="application/json")
    return response.status_code, response.content.decode()
