from datetime import timedelta

from policeonline.periodic import job

from .reminders import send_reminders


@job("appointments.remind", every=timedelta(hours=1))
def remind() -> str:
    # Idempotent (``reminded_at``): hourly means a booking made late in the day is still reminded.
    return f"{send_reminders()} reminders sent"
