"""Guarantee requests not answered in time (``manage.py guarantees expire`` as a job)."""

from datetime import timedelta

from policeonline.periodic import job

from .services import expire_overdue


@job("guarantees.expire", every=timedelta(hours=1))
def expire() -> str:
    # Idempotent; hourly so a request is closed soon after its last working day ends.
    return f"{expire_overdue()} guarantee request(s) expired"
