"""Fee payment housekeeping (``manage.py payments catch-up|reconcile`` as periodic jobs)."""

from datetime import timedelta

from django.utils import timezone

from policeonline.periodic import job

from .providers import registry
from .reconcile import reconcile
from .services import catch_up


@job("payments.catch_up", every=timedelta(minutes=5))
def catch_up_lost_callbacks() -> str:
    """Ask the gateway about orders stuck paying or refunding (lost callbacks)."""
    return " ".join(f"{k}={v}" for k, v in catch_up(5).items())


@job("payments.reconcile", every=timedelta(days=1))
def reconcile_yesterday() -> str:
    """Yesterday's statement against our orders; a mismatch fails the job (logged, and each
    mismatch is in the audit log as payment.reconciled) so an operator looks at it."""
    day = timezone.localdate() - timedelta(days=1)
    lines = registry.default().statement(day)
    mismatches = reconcile(day, lines)
    if mismatches:
        raise RuntimeError(f"{day}: {len(mismatches)} mismatches with the gateway's statement: "
                           + "; ".join(map(str, mismatches[:20])))
    return f"{day}: {len(lines)} statement lines, no mismatch"
