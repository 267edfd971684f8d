from datetime import timedelta

from policeonline.periodic import job

from .services import publish_due


@job("notices.publish_scheduled", every=timedelta(minutes=1))
def publish_scheduled() -> str:
    published = publish_due()
    return f"{len(published)} scheduled notice(s) published"
