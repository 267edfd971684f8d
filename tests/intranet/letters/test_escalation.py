"""Overdue letters escalate: the periodic job marks each once, logs and audits it, and the
department's supervisors see the alert on the workbench home and the overdue filter."""

from datetime import timedelta

import pytest
from django.utils import timezone

from policeonline.audit.models import AuditEvent
from policeonline.letters.desk.jobs import escalate_overdue
from policeonline.letters.desk.models import Letter
from policeonline.supervision.models import OfficerMessage

from .conftest import sign_in

pytestmark = pytest.mark.django_db


def test_overdue_letters_escalate_once_to_the_supervisors(client, portal, officers):
    late, on_time, answered = portal.letter(), portal.letter(), portal.letter()
    yesterday = timezone.localdate() - timedelta(days=1)
    Letter.objects.filter(pk__in=[late, answered]).update(due_date=yesterday)
    Letter.objects.filter(pk=answered).update(state="answered")
    assert escalate_overdue() == "1 overdue letter(s) escalated"
    assert escalate_overdue() == "0 overdue letter(s) escalated"
    assert list(Letter.objects.exclude(escalated_at=None).values_list("pk", flat=True)) == [
        Letter.objects.get(pk=late).pk]
    assert AuditEvent.objects.filter(action="letter.escalated").count() == 1
    [message] = OfficerMessage.objects.all()  # the supervisor's back-office message, once
    assert message.recipient == officers["supervisor"] and message.link == "/letters/?show=overdue"
    assert Letter.objects.get(pk=late).tracking_no in message.body
    sign_in(client, officers["supervisor"])
    home = client.get("/").content.decode()
    assert "/letters/?show=overdue" in home
    overdue = client.get("/letters/?show=overdue").content.decode()
    tracking = Letter.objects.get(pk=late).tracking_no
    assert tracking in overdue and Letter.objects.get(pk=on_time).tracking_no not in overdue
    client.logout()
    sign_in(client, officers["clerk"])
    assert "/letters/?show=overdue" not in client.get("/").content.decode()


def test_the_scheduler_knows_the_job():
    from policeonline.periodic import jobs

    assert jobs()["letters.escalate"].every == timedelta(minutes=10)
