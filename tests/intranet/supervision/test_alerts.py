"""Overdue and due-soon alerts reach the handling officer and the supervisors once, in the
back office's inbox and by email."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from policeonline.periodic import jobs
from policeonline.supervision.jobs import alert_deadlines
from policeonline.supervision.models import Alert, OfficerMessage

from .conftest import make_case, signed_in

pytestmark = pytest.mark.django_db


def test_overdue_case_alerts_the_officer_and_supervisor_once(people, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    clerk, supervisor = people["clerk"], people["supervisor"]
    late = make_case(due=today - timedelta(days=1), claimed_by=clerk)
    paused = make_case(due=today - timedelta(days=1), paused=True)
    closed = make_case(closed_by=clerk, due=today - timedelta(days=5))
    other = make_case("exit_entry", due=today - timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        summary = alert_deadlines()
    assert "overdue: 2 case(s)" in summary
    assert set(Alert.objects.values_list("case_id", flat=True)) == {late.pk, other.pk}
    assert not Alert.objects.filter(case__in=[paused, closed]).exists()
    to_clerk = OfficerMessage.objects.get(recipient=clerk)
    assert late.receipt_no in to_clerk.body and other.receipt_no not in to_clerk.body
    assert to_clerk.link == "/cases/?q=overdue"  # a clerk has no dashboard
    to_supervisor = OfficerMessage.objects.get(recipient=supervisor)
    assert to_supervisor.link.startswith("/supervision/cases/?figure=overdue&department=population")
    assert OfficerMessage.objects.get(recipient=people["other_supervisor"]).body.count("JN-") == 1
    assert not OfficerMessage.objects.filter(recipient=people["approver"]).exists()
    # Email to those with an address on file, after the commit.
    assert sorted(m.to[0] for m in mail.outbox) == ["100201@police.example", "100203@police.example"]
    assert late.receipt_no in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        again = alert_deadlines()
    assert "overdue: 0 case(s)" in again
    assert OfficerMessage.objects.count() == 3 and len(mail.outbox) == 2


def test_due_soon_then_overdue_are_two_alerts(people):
    today = timezone.localdate()
    case = make_case(due=today, claimed_by=people["clerk"])
    alert_deadlines()
    assert list(Alert.objects.values_list("condition", flat=True)) == ["due_soon"]
    case.due_date = today - timedelta(days=1)
    case.save()
    alert_deadlines()
    assert sorted(Alert.objects.values_list("condition", flat=True)) == ["due_soon", "overdue"]
    assert OfficerMessage.objects.filter(recipient=people["clerk"]).count() == 2


def test_jobs_are_registered_with_the_scheduler():
    assert {"supervision.alerts", "supervision.weekly_report"} <= set(jobs())


def test_inbox_badge_read_and_privacy(client, people):
    clerk = people["clerk"]
    make_case(due=timezone.localdate() - timedelta(days=1), claimed_by=clerk)
    alert_deadlines()
    message = OfficerMessage.objects.get(recipient=clerk)
    c = signed_in(client, clerk)
    home = c.get("/").content.decode()
    assert 'href="/supervision/inbox/"' in home and 'class="badge badge-overdue"' in home
    page = c.get("/supervision/inbox/")
    assert message.title in page.content.decode()
    opened = c.post("/supervision/inbox/read/", {"message": message.pk, "open": "1"})
    assert opened.status_code == 302 and opened["Location"] == "/cases/?q=overdue"
    message.refresh_from_db()
    assert message.read_at is not None
    assert 'class="badge badge-overdue"' not in c.get("/").content.decode()
    # Someone else's message is not found; junk is refused without change.
    theirs = OfficerMessage.objects.get(recipient=people["supervisor"])
    assert c.post("/supervision/inbox/read/", {"message": theirs.pk}).status_code == 404
    assert c.post("/supervision/inbox/read/", {"message": "x"}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None
    c.post("/supervision/inbox/read/", {"message": "all"})
    theirs.refresh_from_db()
    assert theirs.read_at is None  # "all" means all of mine
