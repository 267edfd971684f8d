"""The gateway's asynchronous callbacks. Accepted only if signed by the gateway, for our
merchant id, fresh, never seen before (``notify_id``), for an order we have, with the order's
amount and trade number. Anything else is refused (HTTP 4xx), logged, and changes nothing.
A genuine callback for a change already applied is acknowledged again (idempotent)."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from policeonline.audit.log import record

from . import conf, services
from .models import CallbackRecord
from .providers import registry
from .providers.base import CallbackRefused

Outcome = CallbackRecord.Outcome


def _refuse(provider: str, reason: str, status: int, notify_id: str = "", order_no: str = ""):
    with transaction.atomic():
        CallbackRecord.objects.create(provider=provider, notify_id=notify_id[:64],
                                      order_no=order_no[:40], outcome=Outcome.REFUSED,
                                      reason=reason[:200])
        record(provider, "payment.callback_refused", order_no, reason=reason[:200],
               notify_id=notify_id[:64])
    return status, reason


def receive(provider_code: str, body: bytes) -> tuple[int, str]:
    """Returns (HTTP status, body): 200 and the provider's ack when accepted."""
    try:
        provider = registry.get(provider_code)
    except KeyError:
        return 404, "unknown provider"
    try:
        notice = provider.parse_notice(body)
    except CallbackRefused as exc:
        return _refuse(provider_code, str(exc), 400)
    order_no, notify_id = notice.trade.order_no, notice.notify_id
    if notice.merchant_id != conf.get("PAYMENT_MERCHANT_ID"):
        return _refuse(provider_code, "another merchant", 400, notify_id, order_no)
    fresh = timedelta(seconds=int(conf.get("PAYMENT_CALLBACK_FRESH_SECONDS")))
    if notice.notify_time.tzinfo is None or abs(timezone.now() - notice.notify_time) > fresh:
        return _refuse(provider_code, "stale notify_time (replay?)", 400, notify_id, order_no)
    if CallbackRecord.objects.filter(provider=provider_code, notify_id=notify_id).exclude(
            outcome=Outcome.REFUSED).exists():
        return _refuse(provider_code, "notify_id already used (replay)", 409, notify_id, order_no)
    try:
        with transaction.atomic():
            if notice.kind == "refund":
                outcome = services.apply_refund(order_no, notice.refund_no, notice.refund_fen,
                                                "callback")
            else:
                outcome = services.apply_trade(order_no, notice.trade, "callback")
            CallbackRecord.objects.create(provider=provider_code, notify_id=notify_id,
                                          order_no=order_no, outcome=outcome)
    except services.Mismatch as exc:
        return _refuse(provider_code, str(exc), 409, notify_id, order_no)
    except IntegrityError:  # the same notify_id raced in twice
        return _refuse(provider_code, "notify_id already used (replay)", 409, notify_id, order_no)
    return 200, provider.ack_body
