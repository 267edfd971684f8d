"""Plate self-selection housekeeping (``manage.py plates expire|stock`` as periodic jobs)."""

from datetime import timedelta

from policeonline.periodic import job

from .services import expire_holds
from .stock import report


@job("plates.expire_holds", every=timedelta(minutes=1))
def expire() -> str:
    # Selection already treats an expired hold as free when it reads; this tidies the rows.
    total = 0
    while True:
        freed = expire_holds()
        total += freed
        if freed < 1000:
            return f"{total} expired holds returned to the pool"


@job("plates.stock", every=timedelta(minutes=5))
def stock() -> str:
    return f"stock of {report()} pools reported to the intranet"
