"""The supervision's periodic jobs (run by ``manage.py periodic run`` on the intranet)."""

from datetime import timedelta

from django.utils import timezone

from policeonline.periodic import job

from . import alerts, reports


@job("supervision.alerts", every=timedelta(minutes=10))
def alert_deadlines() -> str:
    return alerts.scan()


@job("supervision.weekly_report", every=timedelta(hours=1))
def weekly_report() -> str:
    """Last week's reports, made once (the first run after Monday 00:00; later runs find them)."""
    period = reports.last_week(timezone.localdate())
    made = reports.generate(period)
    return f"week of {period.start}: {made} report(s) made"
