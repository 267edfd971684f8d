"""The back office's permission matrix: every URL pattern (workbench, desks, admin) called as
every officer actor and anonymously, with real objects of the population department, against
security/permission-matrix.yaml; what the anonymous caller and the other department's officer
receive, the exports and the log lines carry no full ID or mobile number."""

import logging
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.utils import timezone

from policeonline.core.pii_scan import scan_bytes
from tests import permission_matrix as matrix
from tests.intranet.conftest import make_officer, sign_in
from tests.intranet.supervision.conftest import signed_in

LOGIN = ("/officers/login/", "/admin/login/")
OFFICERS = {  # actor: (police number, department, roles), as the demo's accounts
    "officer_x": ("100001", "population", ["clerk"]),
    "officer_y": ("200001", "exit_entry", ["clerk"]),
    "supervisor": ("100003", "population", ["supervisor", "approver"]),
    "auditor": ("900001", None, ["auditor"]),
    "admin": ("900000", None, ["admin"]),
}


def objects_of(exchange_keys, officers, tmp_path, monkeypatch):
    """The population department's things (and the bureau's), one of each kind a URL names."""
    from policeonline.cases import engine
    from policeonline.cases.models import Case
    from policeonline.catalog.models import Department
    from policeonline.supervision import reports
    from policeonline.supervision.models import WeeklyReport
    from policeonline.verification.models import DutyAlert
    from tests.intranet.appointments.conftest import Bookings
    from tests.intranet.cases.conftest import Portal
    from tests.intranet.letters.conftest import Portal as LetterPortal
    from tests.intranet.ratings.conftest import rating

    portal = Portal(exchange_keys["internet"])
    app_id, _ = portal.submit("HZ-001", files=["photo"])
    case = Case.objects.get(application_id=app_id)
    finished_id, _ = portal.submit("HZ-001")
    finished = Case.objects.get(application_id=finished_id)
    engine.perform(finished.pk, "refuse", engine.SYSTEM, reason_code="duplicate")
    finished.refresh_from_db()
    rating(portal, finished, 1, comment="太慢了")
    from policeonline.ratings.desk.models import RectificationTask

    task = RectificationTask.objects.first()
    letter_id = LetterPortal(exchange_keys["internet"]).letter(topic="HZ-001")
    from policeonline.letters.desk.models import Letter

    letter_file = Letter.objects.get(pk=letter_id).attachments.first()
    from policeonline.appointments.halls import load_halls
    from policeonline.appointments.models import Hall

    load_halls()
    hall = Hall.objects.filter(department_code="population").first()
    Bookings(exchange_keys["internet"], portal.seqs).booking(hall=hall.code, application_id=app_id)
    from policeonline.appointments.desk.models import Visit

    visit = Visit.objects.first()
    alert = DutyAlert.objects.create(kind="wanted", summary="在逃人员前来办事",
                                     id_masked="110101********1231")
    storage = FileSystemStorage(location=tmp_path)  # the reports' files, not in var/
    for name in ("pdf", "csv"):
        monkeypatch.setattr(WeeklyReport._meta.get_field(name), "storage", storage)
    reports.generate(reports.last_week(timezone.localdate()))
    report = WeeklyReport.objects.get(department_code="population")
    notice = make_notice(officers["officer_x"])
    from django.contrib.contenttypes.models import ContentType
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from policeonline.platepool import services as platepool

    manager = make_officer("300002", "vehicle_admin", ["supervisor", "approver"])
    pool = platepool.release(manager, "鲁A", "02", "pattern", "8812?")
    population = Department.objects.get(code="population")
    attachment = case.attachments.first()
    return {
        "case": {"pk": case.pk, "attachment_id": attachment.pk if attachment else 999999,
                 "action": "accept"},
        "alert": {"pk": alert.pk},
        "year": {"year": timezone.localdate().year},
        "override": {"day": (timezone.localdate() + timedelta(days=30)).isoformat()},
        "visit": {"pk": visit.pk if visit else 999999, "outcome": "arrived"},
        "letter": {"letter_id": letter_id, "attachment_id": letter_file.pk},
        "notice": notice,
        "report": {"pk": report.pk, "kind": "csv"},
        "task": {"pk": task.pk if task else 999999},
        "pool": {"pk": pool.pk},
        "device": {"pk": TOTPDevice.objects.get(user=officers["officer_x"]).pk},
        "officer": {"id": officers["officer_x"].pk},
        "admin_obj": {"object_id": population.pk},
        "admin_view_on_site": {"content_type_id": ContentType.objects.get_for_model(Department).pk,
                               "object_id": population.pk},
    }


def make_notice(clerk):
    from policeonline.notices.desk import services
    from tests.intranet.notices.conftest import pdf_bytes

    notice = services.create_draft(clerk, title="关于户籍窗口开放时间的通知", category="announcement",
                                   body="照常开放。")
    attachment = services.add_attachment(notice.pk, clerk, "时间表.pdf", pdf_bytes())
    return {"notice_id": notice.pk, "attachment_id": attachment.pk}


def watched_models():
    """What a refused write must leave as it was (the outbox: nothing sent to the portal)."""
    from django.apps import apps

    return [apps.get_model(label) for label in (
        "cases.Case", "cases.CaseEvent", "verification.DutyAlert", "platepool.Pool",
        "notice_desk.Notice", "notice_desk.NoticeAttachment", "letters_desk.Letter",
        "rating_desk.RectificationTask", "appointment_desk.Visit", "supervision.OfficerMessage",
        "exchange.OutboxEntry")]


@pytest.mark.django_db
def test_every_url_as_every_officer(exchange_keys, tmp_path, monkeypatch, caplog):
    cache.clear()
    officers = {actor: make_officer(number, department, roles)
                for actor, (number, department, roles) in OFFICERS.items()}
    objects = objects_of(exchange_keys, officers, tmp_path, monkeypatch)
    clients = {actor: Client() for actor in ("anonymous", *officers)}
    for actor, officer in officers.items():  # password and TOTP, as an officer signs in
        assert sign_in(clients[actor], officer).status_code == 302

    def relogin(actor):  # after signing out: the session as after password and TOTP again
        clients[actor].logout()
        signed_in(clients[actor], officers[actor])

    caplog.set_level(logging.DEBUG, logger="policeonline")
    result = matrix.run("intranet", clients, objects, watched_models(), LOGIN, relogin, cache.clear)
    assert not result.failures, "\n".join(result.failures)
    assert not result.pii, "\n".join(result.pii)
    assert not matrix.scan_logs(caplog.records), "\n".join(matrix.scan_logs(caplog.records))
    assert result.cells > 1000
    exported = " ".join(path for _, path, _ in result.exports)  # scanned in the run
    assert "/supervision/reports/" in exported and "/files/" in exported, exported
    pdf = clients["supervisor"].get(f"/supervision/reports/{objects['report']['pk']}/pdf/")
    assert pdf.status_code == 200
    assert not scan_bytes(b"".join(pdf.streaming_content), "application/pdf")


def test_the_table_names_every_url_and_no_other():
    rows, _ = matrix.load("intranet")
    assert not matrix.coverage("intranet", matrix.routes(), rows)
