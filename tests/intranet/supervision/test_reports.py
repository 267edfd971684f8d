"""The weekly report: made once per week and scope, PDF and CSV, downloaded by those who may."""

from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.utils import timezone

from policeonline.audit.models import AuditEvent
from policeonline.catalog.models import Department
from policeonline.supervision import reports
from policeonline.supervision.jobs import weekly_report
from policeonline.supervision.models import WeeklyReport

from .conftest import make_case, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_week(people, monkeypatch, tmp_path):
    storage = FileSystemStorage(location=tmp_path)  # the reports' files, not in var/
    for name in ("pdf", "csv"):
        monkeypatch.setattr(WeeklyReport._meta.get_field(name), "storage", storage)
    today = timezone.localdate()
    period = reports.last_week(today)
    clerk = people["clerk"]
    closed = timezone.now() - timedelta(days=today.weekday() + 3)  # within last week
    make_case(closed_by=clerk, closed_at=closed, due=period.end + timedelta(days=5), accepted_days_ago=20)
    make_case(closed_by=clerk, closed_at=closed, due=period.start - timedelta(days=1), accepted_days_ago=20)
    make_case(due=today - timedelta(days=1), claimed_by=clerk)
    return period


def test_weekly_job_makes_each_report_once(last_week):
    assert "report(s) made" in weekly_report()
    assert WeeklyReport.objects.count() == Department.objects.count() + 1
    bureau = WeeklyReport.objects.get(department_code="")
    assert bureau.week_start == last_week.start and last_week.start.weekday() == 0
    text = bureau.csv.open("rb").read().decode("utf-8-sig")
    assert "济南市公安局" in text
    lines = {line.split(",")[0]: line.split(",") for line in text.splitlines()}
    population = lines[Department.objects.get(code="population").name_zh]
    assert population[1:7] == ["1", "0", "1", "2", "1", "50.0"]  # backlog … on-time rate
    assert bureau.pdf.open("rb").read().startswith(b"%PDF")
    own = WeeklyReport.objects.get(department_code="population").csv.open("rb").read().decode("utf-8-sig")
    assert "测01" in own  # the clerk's line: officers appear in their department's report
    assert "0 report(s) made" in weekly_report()  # idempotent


def test_command_for_a_given_week_and_bad_input(last_week, capsys):
    call_command("supervision", "report", "--week", last_week.end.isoformat())
    assert WeeklyReport.objects.filter(week_start=last_week.start).count() == Department.objects.count() + 1
    first = WeeklyReport.objects.get(department_code="population").pk
    call_command("supervision", "report", "--week", last_week.start.isoformat(), "--replace")
    assert WeeklyReport.objects.get(department_code="population").pk != first
    with pytest.raises(CommandError):
        call_command("supervision", "report", "--week", "last-monday")
    call_command("supervision", "alerts")
    assert "overdue: 1 case(s)" in capsys.readouterr().out


def test_downloads_follow_who_may_see_what(client, people, last_week):
    reports.generate(last_week)
    bureau = WeeklyReport.objects.get(department_code="")
    own = WeeklyReport.objects.get(department_code="population")
    other = WeeklyReport.objects.get(department_code="exit_entry")
    c = signed_in(client, people["supervisor"])
    page = c.get("/supervision/")
    assert f"/supervision/reports/{own.pk}/pdf/" in page.content.decode()
    assert f"/supervision/reports/{bureau.pk}/pdf/" not in page.content.decode()
    response = c.get(f"/supervision/reports/{own.pk}/csv/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert AuditEvent.objects.filter(actor="100203", action="supervision.report_downloaded").exists()
    assert c.get(f"/supervision/reports/{bureau.pk}/pdf/").status_code == 403
    assert c.get(f"/supervision/reports/{other.pk}/pdf/").status_code == 403
    assert c.get(f"/supervision/reports/{own.pk}/exe/").status_code == 404
    client.logout()
    c = signed_in(client, people["leader"])
    response = c.get(f"/supervision/reports/{bureau.pk}/pdf/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.logout()
    assert signed_in(client, people["clerk"]).get(f"/supervision/reports/{own.pk}/pdf/").status_code == 403


def test_demo_seed_gives_officers_addresses_and_is_idempotent(people, monkeypatch):
    from policeonline.supervision.management.commands import seed_demo_supervision as seed

    from .conftest import make_officer

    made = []
    monkeypatch.setattr(seed.reports, "generate", lambda period: made.append(period) or 0)
    roster = make_officer("500002", "public_order", ["supervisor"])
    make_case("public_order", due=timezone.localdate() - timedelta(days=1))
    call_command("seed_demo_supervision")
    call_command("seed_demo_supervision")
    roster.refresh_from_db()
    assert roster.email == "500002@police.jinan.example"
    assert roster.inbox.count() == 1  # alerted once
    assert made == [reports.last_week(timezone.localdate())] * 2
