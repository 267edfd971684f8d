from datetime import timedelta

from policeonline.periodic import job

from . import services


@job("letters.escalate", every=timedelta(minutes=10))
def escalate_overdue() -> str:
    return f"{services.escalate_overdue()} overdue letter(s) escalated"
