from datetime import timedelta

from policeonline.periodic import job

from .services import flag_overdue


@job("ratings.rectification_overdue", every=timedelta(hours=1))
def rectification_overdue() -> str:
    flagged = flag_overdue()
    return f"{len(flagged)} rectification task(s) newly overdue"
