"""The stock report: per pool, how many numbers are free, held, allocated and withdrawn here,
for the vehicle office's pool page (``manage.py plates stock``, every few minutes)."""

from django.db.models import Count, Q
from django.utils import timezone

from policeonline.exchange.outbox import enqueue

from .models import ReleasedNumber

Status = ReleasedNumber.Status
PER_ENVELOPE = 500


def counts(now=None) -> dict[str, dict]:
    """Per pool; an expired hold counts as free (or withdrawn, if a withdrawal waits for it)."""
    now = now or timezone.now()
    live_hold = Q(status=Status.HELD, held_until__gt=now)
    expired = Q(status=Status.HELD, held_until__lte=now)
    rows = ReleasedNumber.objects.values("pool").annotate(
        free=Count("id", filter=Q(status=Status.FREE) | (expired & Q(withdrawal_pending=False))),
        held=Count("id", filter=live_hold),
        allocated=Count("id", filter=Q(status=Status.ALLOCATED)),
        withdrawn=Count("id", filter=Q(status=Status.WITHDRAWN) | (expired & Q(withdrawal_pending=True))),
    ).order_by("pool")
    return {row.pop("pool"): row for row in rows}


def report() -> int:
    """Queue the report (one envelope per 500 pools); returns the number of pools."""
    now = timezone.now()
    pools = [{"pool": pool, **numbers} for pool, numbers in counts(now).items()]
    for start in range(0, len(pools), PER_ENVELOPE):
        enqueue("plates.stock", {"reported_at": now.isoformat().replace("+00:00", "Z"),
                                 "pools": pools[start:start + PER_ENVELOPE]})
    return len(pools)
