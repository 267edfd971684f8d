"""The simulator's HTTP face: a signed JSON API for the merchant and a pay page for the buyer."""

import json
from datetime import date, datetime, timedelta

from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import keys, signing, statement
from .models import Notification, Refund, Trade

FRESH = timedelta(minutes=5)


def answer(body: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(signing.sign(body, keys.private_key()), status=status,
                        json_dumps_params={"ensure_ascii": False})


def signed_api(view):
    """Parse, verify the merchant's signature and the timestamp, then call ``view(request, msg)``."""
    @csrf_exempt
    @require_POST
    def wrapper(request):
        try:
            msg = json.loads(request.body)
            sent = datetime.fromisoformat(msg["timestamp"])
        except (ValueError, KeyError, TypeError):
            return answer({"code": "INVALID_REQUEST"}, 400)
        key = keys.merchant_key(msg.get("merchant_id", ""))
        if key is None or not signing.verify(msg, key):
            return answer({"code": "INVALID_SIGNATURE"}, 401)
        if sent.tzinfo is None or abs(timezone.now() - sent) > FRESH:
            return answer({"code": "STALE_REQUEST"}, 400)
        return view(request, msg)
    return wrapper


def trade_fields(t: Trade) -> dict:
    return {"out_trade_no": t.out_trade_no, "trade_no": t.trade_no, "trade_status": t.status,
            "amount_fen": t.amount_fen, "refunded_fen": t.refunded_fen,
            "paid_at": t.paid_at.isoformat() if t.paid_at else ""}


@signed_api
def create(request, msg):
    try:
        amount = int(msg["amount_fen"])
        fields = {k: str(msg[k]) for k in ("out_trade_no", "subject", "notify_url", "return_url")}
    except (KeyError, TypeError, ValueError):
        return answer({"code": "INVALID_REQUEST"}, 400)
    if not 1 <= amount <= 10_000_000:
        return answer({"code": "INVALID_AMOUNT"}, 400)
    trade, _ = Trade.objects.get_or_create(
        merchant_id=msg["merchant_id"], out_trade_no=fields["out_trade_no"],
        defaults={"amount_fen": amount, **{k: v for k, v in fields.items() if k != "out_trade_no"}})
    if trade.amount_fen != amount:
        return answer({"code": "ORDER_AMOUNT_MISMATCH"}, 409)
    pay_url = request.build_absolute_uri(f"/pay/{trade.trade_no}/")
    return answer({"code": "OK", **trade_fields(trade), "pay_url": pay_url})


@signed_api
def query(request, msg):
    trade = Trade.objects.filter(merchant_id=msg["merchant_id"],
                                 out_trade_no=str(msg.get("out_trade_no", ""))).first()
    if trade is None:
        return answer({"code": "TRADE_NOT_EXIST", "out_trade_no": str(msg.get("out_trade_no", ""))})
    return answer({"code": "OK", **trade_fields(trade)})


@signed_api
def refund(request, msg):
    with transaction.atomic():
        trade = Trade.objects.select_for_update().filter(
            merchant_id=msg["merchant_id"], out_trade_no=str(msg.get("out_trade_no", ""))).first()
        if trade is None or trade.status != Trade.Status.TRADE_SUCCESS:
            return answer({"code": "TRADE_NOT_REFUNDABLE"}, 409)
        out_refund_no = str(msg.get("out_refund_no", ""))[:40]
        done = trade.refunds.filter(out_refund_no=out_refund_no).first()
        if done is None:
            amount = int(msg.get("amount_fen", 0))
            if not out_refund_no or amount < 1 or trade.refunded_fen + amount > trade.amount_fen:
                return answer({"code": "REFUND_AMOUNT_INVALID"}, 409)
            done = Refund.objects.create(trade=trade, out_refund_no=out_refund_no, amount_fen=amount)
            trade.refunded_fen += amount
            trade.save()
            Notification.objects.create(trade=trade, refund=done)
    return answer({"code": "OK", **trade_fields(trade), "out_refund_no": done.out_refund_no,
                   "refund_no": done.refund_no, "refund_fen": done.amount_fen,
                   "refunded_at": done.refunded_at.isoformat()})


@signed_api
def statement_api(request, msg):
    try:
        day = date.fromisoformat(str(msg["date"]))
    except (KeyError, ValueError):
        return answer({"code": "INVALID_REQUEST"}, 400)
    return answer({"code": "OK", "date": day.isoformat(), "csv": statement.render(msg["merchant_id"], day)})


def pay(request, trade_no):
    """The buyer's page: pay or fail. Paying books the trade and queues the notice."""
    trade = Trade.objects.filter(trade_no=trade_no).first()
    if trade is None:
        raise Http404
    failed = False
    if request.method == "POST":
        if request.POST.get("choice") == "pay":
            with transaction.atomic():
                trade = Trade.objects.select_for_update().get(pk=trade.pk)
                if trade.status == Trade.Status.WAIT_BUYER_PAY:
                    trade.status, trade.paid_at = Trade.Status.TRADE_SUCCESS, timezone.now()
                    trade.save()
                    Notification.objects.create(trade=trade)
            return HttpResponseRedirect(trade.return_url)
        failed = True
    return render(request, "gateway_simulator/pay.html",
                  {"trade": trade, "yuan": f"{trade.amount_fen // 100}.{trade.amount_fen % 100:02d}",
                   "failed": failed})
