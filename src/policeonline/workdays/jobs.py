from datetime import timedelta

from policeonline.periodic import job

from .signals import publish


@job("workdays.publish", every=timedelta(hours=6))
def publish_calendar() -> str:
    """Every change is published as it is made; this resends the entered days now and then, so
    a portal whose database was rebuilt gets them, and the published week-ago window moves."""
    publish()
    return "calendar published to the portal"
