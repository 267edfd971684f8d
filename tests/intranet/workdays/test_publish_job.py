"""The intranet resends its calendar to the portal as a periodic job (ADR 0029)."""

import pytest
from django.core.management import call_command

from policeonline.exchange.models import OutboxEntry
from policeonline.periodic import jobs


@pytest.mark.django_db
def test_the_publish_job_sends_the_calendar():
    assert "workdays.publish" in jobs()
    call_command("periodic", "run", "--job", "workdays.publish")
    assert OutboxEntry.objects.filter(type="calendar.published").count() == 1
