from datetime import timedelta

from policeonline.periodic import job

from .counting import refresh
from .publishing import publish_changed


@job("stats.publish", every=timedelta(hours=1))
def count_and_publish() -> str:
    """Hourly: count the days touched since the last run, send the changed rows to the portal."""
    changed = refresh()
    sent = publish_changed()
    return f"{changed} daily row(s) changed, {sent} sent to the portal"
