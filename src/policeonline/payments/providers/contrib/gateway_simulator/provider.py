import base64
import csv
import io
import json
import urllib.error
import urllib.request
from datetime import date, datetime
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from django.utils import timezone

from policeonline.payments import conf, keys
from policeonline.payments.providers.base import (
    CallbackRefused,
    GatewayError,
    Notice,
    PaymentProvider,
    Refund,
    StatementLine,
    TradeStatus,
)
from policeonline.payments.providers.registry import register

STATUS = {"WAIT_BUYER_PAY": "waiting", "TRADE_SUCCESS": "paid", "TRADE_CLOSED": "closed"}


def canonical(message: dict) -> bytes:
    return json.dumps({k: v for k, v in message.items() if k != "sign"}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False).encode()


def verified(message: dict) -> bool:
    try:
        keys.gateway_key().verify(base64.b64decode(str(message.get("sign", "")), validate=True),
                                  canonical(message))
    except (InvalidSignature, ValueError):
        return False
    return True


def _trade(order_no: str, msg: dict) -> TradeStatus:
    paid_at = msg.get("paid_at") or ""
    return TradeStatus(order_no=order_no, exists=True, trade_no=str(msg["trade_no"]),
                       status=STATUS.get(msg["trade_status"], "unknown"),
                       amount_fen=int(msg["amount_fen"]), refunded_fen=int(msg.get("refunded_fen", 0)),
                       paid_at=datetime.fromisoformat(paid_at) if paid_at else None)


class GatewaySimulator(PaymentProvider):
    code = "gateway_simulator"

    def pay_origin(self) -> str:
        parts = urlsplit(conf.get("PAYMENT_GATEWAY_URL"))
        return f"{parts.scheme}://{parts.netloc}"

    def call(self, path: str, **fields) -> dict:
        body = {"merchant_id": conf.get("PAYMENT_MERCHANT_ID"),
                "timestamp": timezone.now().isoformat(), **fields}
        body["sign"] = base64.b64encode(keys.merchant_key().sign(canonical(body))).decode()
        request = urllib.request.Request(  # noqa: S310 (configured https URL)
            conf.get("PAYMENT_GATEWAY_URL").rstrip("/") + path, method="POST",
            data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (configured URL)
                text = response.read()
        except urllib.error.HTTPError as exc:
            text = exc.read()
        except (urllib.error.URLError, OSError) as exc:
            raise GatewayError(f"gateway unreachable: {exc}") from exc
        try:
            answer = json.loads(text)
        except ValueError as exc:
            raise GatewayError("gateway answered no JSON") from exc
        if not verified(answer):
            raise GatewayError("gateway answer not signed by the gateway")
        return answer

    def create_trade(self, order, return_url):
        answer = self.call("/api/trade/create", out_trade_no=order.order_no,
                           amount_fen=order.amount_fen, subject=order.fee_name[:100],
                           notify_url=conf.notify_url(self.code), return_url=return_url)
        if answer.get("code") != "OK" or int(answer.get("amount_fen", -1)) != order.amount_fen:
            raise GatewayError(f"create refused: {answer.get('code')}")
        return answer["trade_no"], answer["pay_url"]

    def query(self, order_no):
        answer = self.call("/api/trade/query", out_trade_no=order_no)
        if answer.get("code") == "TRADE_NOT_EXIST":
            return TradeStatus(order_no=order_no, exists=False)
        if answer.get("code") != "OK" or answer.get("out_trade_no") != order_no:
            raise GatewayError(f"query refused: {answer.get('code')}")
        return _trade(order_no, answer)

    def refund(self, order, out_refund_no, amount_fen):
        answer = self.call("/api/trade/refund", out_trade_no=order.order_no,
                           out_refund_no=out_refund_no, amount_fen=amount_fen)
        if answer.get("code") != "OK" or answer.get("out_refund_no") != out_refund_no:
            raise GatewayError(f"refund refused: {answer.get('code')}")
        return Refund(refund_no=answer["refund_no"], amount_fen=int(answer["refund_fen"]))

    def parse_notice(self, body):
        try:
            msg = json.loads(body)
            if not isinstance(msg, dict):
                raise ValueError
        except ValueError as exc:
            raise CallbackRefused("not JSON") from exc
        if not verified(msg):
            raise CallbackRefused("bad signature")
        try:
            return Notice(kind="refund" if msg["notify_type"] == "refund" else "payment",
                          notify_id=str(msg["notify_id"])[:64],
                          notify_time=datetime.fromisoformat(msg["notify_time"]),
                          merchant_id=str(msg["merchant_id"]),
                          trade=_trade(str(msg["out_trade_no"]), msg),
                          refund_no=str(msg.get("refund_no", "")),
                          refund_fen=int(msg.get("refund_fen", 0)))
        except (KeyError, TypeError, ValueError) as exc:
            raise CallbackRefused(f"malformed: {exc}") from exc

    def statement(self, day: date):
        answer = self.call("/api/statement", date=day.isoformat())
        if answer.get("code") != "OK":
            raise GatewayError(f"statement refused: {answer.get('code')}")
        return parse_statement(answer["csv"])


def parse_statement(text: str) -> list[StatementLine]:
    return [StatementLine(order_no=row["out_trade_no"], trade_no=row["trade_no"], kind=row["type"],
                          amount_fen=int(row["amount_fen"]))
            for row in csv.DictReader(io.StringIO(text))]


register(GatewaySimulator())
