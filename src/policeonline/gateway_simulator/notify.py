"""Asynchronous notices: sent after payment or refund, retried with backoff (settings
``GATEWAY_RETRY_DELAYS``) until the merchant answers HTTP 200 with the body ``success``. Each
attempt has a fresh ``notify_id`` and ``notify_time``, as with real gateways."""

import json
import urllib.error
import urllib.request
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import keys, signing
from .models import Notification


def message(n: Notification) -> dict:
    t = n.trade
    body = {"notify_id": uuid.uuid4().hex, "notify_time": timezone.now().isoformat(),
            "notify_type": "refund" if n.refund_id else "trade_status_sync",
            "merchant_id": t.merchant_id, "out_trade_no": t.out_trade_no, "trade_no": t.trade_no,
            "trade_status": t.status, "amount_fen": t.amount_fen,
            "paid_at": t.paid_at.isoformat() if t.paid_at else ""}
    if n.refund_id:
        body.update(out_refund_no=n.refund.out_refund_no, refund_no=n.refund.refund_no,
                    refund_fen=n.refund.amount_fen)
    return signing.sign(body, keys.private_key())


def post(url: str, body: dict, timeout: float = 5) -> tuple[int, str]:
    request = urllib.request.Request(  # noqa: S310 (the merchant's http(s) notify URL)
        url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http only)
            return response.status, response.read(200).decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(200).decode(errors="replace")
    except (urllib.error.URLError, OSError) as exc:
        return 0, str(exc)


def deliver_due(now=None) -> int:
    """Send every notice that is due once; return how many were acknowledged."""
    now = now or timezone.now()
    acked = 0
    for n in Notification.objects.filter(acked_at=None, gave_up=False, next_at__lte=now
                                         ).select_related("trade", "refund")[:100]:
        status, text = post(n.trade.notify_url, message(n))
        with transaction.atomic():
            n.attempts += 1
            if status == 200 and text.strip() == "success":
                n.acked_at, n.last_error = timezone.now(), ""
                acked += 1
            else:
                n.last_error = f"{status} {text}"[:200]
                delays = settings.GATEWAY_RETRY_DELAYS
                if n.attempts > len(delays):
                    n.gave_up = True
                else:
                    n.next_at = timezone.now() + timedelta(seconds=delays[n.attempts - 1])
            n.save()
    return acked
