"""Sending changed daily figures to the portal as ``stats.published`` envelopes, in batches of
at most ``BATCH_ROWS`` rows, each batch in the transaction that marks its rows sent."""

import uuid

from django.db import transaction
from django.utils import timezone

from policeonline.exchange.outbox import enqueue
from policeonline.messages.stats import BATCH_ROWS

from .models import DailyFigures


def body_row(row: DailyFigures) -> dict:
    return {"day": row.day.isoformat(), "item": row.item_code, "department": row.department_code,
            "received": row.received, "completed": row.completed, "on_time": row.on_time,
            "working_days": row.working_days, "ratings": row.ratings,
            "rating_sum": row.rating_sum, "satisfied": row.satisfied}


def publish_changed(max_batches: int = 500) -> int:
    """Returns how many rows were sent. What is left (beyond ``max_batches``) goes next time."""
    sent = 0
    for _ in range(max_batches):
        with transaction.atomic():
            rows = list(DailyFigures.objects.select_for_update().filter(published=False)
                        .order_by("id")[:BATCH_ROWS])
            if not rows:
                break
            enqueue("stats.published", {
                "batch_id": str(uuid.uuid4()),
                "computed_at": timezone.now().isoformat().replace("+00:00", "Z"),
                "rows": [body_row(r) for r in rows]})
            DailyFigures.objects.filter(pk__in=[r.pk for r in rows]).update(published=True)
            sent += len(rows)
    return sent


def republish_all() -> int:
    """Send every row again (e.g. a portal whose statistics table was restored from backup)."""
    DailyFigures.objects.update(published=False)
    return publish_changed(max_batches=10_000)
