"""The daily statement (对账单): every payment and refund booked on a day, as CSV."""

import csv
import io
from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone

from .models import Refund, Trade

COLUMNS = ["trade_no", "out_trade_no", "type", "amount_fen", "trade_status", "booked_at", "refund_no"]


def _day_range(day: date):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    return start, timezone.make_aware(datetime.combine(day, time.max), tz)


def rows(merchant_id: str, day: date) -> list[dict]:
    start, end = _day_range(day)
    out = [{"trade_no": t.trade_no, "out_trade_no": t.out_trade_no, "type": "payment",
            "amount_fen": t.amount_fen, "trade_status": t.status,
            "booked_at": t.paid_at.isoformat(), "refund_no": ""}
           for t in Trade.objects.filter(merchant_id=merchant_id, paid_at__range=(start, end))
           .order_by("paid_at")]
    out += [{"trade_no": r.trade.trade_no, "out_trade_no": r.trade.out_trade_no, "type": "refund",
             "amount_fen": r.amount_fen, "trade_status": "REFUND_SUCCESS",
             "booked_at": r.refunded_at.isoformat(), "refund_no": r.refund_no}
            for r in Refund.objects.filter(trade__merchant_id=merchant_id,
                                           refunded_at__range=(start, end)).select_related("trade")
            .order_by("refunded_at")]
    return out


def render(merchant_id: str, day: date) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(merchant_id, day))
    return out.getvalue()


def write(merchant_id: str, day: date):
    settings.GATEWAY_STATEMENT_DIR.mkdir(parents=True, exist_ok=True)
    path = settings.GATEWAY_STATEMENT_DIR / f"{merchant_id}-{day:%Y%m%d}.csv"
    path.write_text(render(merchant_id, day), encoding="utf-8")
    return path
