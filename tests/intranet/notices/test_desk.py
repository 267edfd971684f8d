"""Writing, approving and publishing a notice in the back office, as officers use the pages:
what crosses to the portal, when, and what is refused (with nothing changed)."""

import base64
import hashlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from policeonline.notices.desk import services
from policeonline.notices.desk.jobs import publish_scheduled
from policeonline.notices.desk.models import Notice

from .conftest import pdf_bytes, png_bytes, sent, signed_in

pytestmark = pytest.mark.django_db
BODY = "2026年12月1日起，出入境证件可在网上预约办理。\n\n请携带<b>身份证</b>原件。<script>alert(1)</script>"


def draft(client, **fields):
    data = {"title": "关于网上预约办证的通知", "category": "announcement", "body": BODY, **fields}
    return client.post("/notices/new/", data)


@pytest.fixture
def written(client, team):
    signed_in(client, team["clerk"])
    response = draft(client)
    assert response.status_code == 302
    return Notice.objects.get()


def test_a_notice_written_approved_and_published_crosses_with_its_files(client, team, written):
    pdf = pdf_bytes()
    response = client.post(f"/notices/{written.pk}/attachments/",
                           {"file": SimpleUploadedFile("办事指南.pdf", pdf, "application/pdf")})
    assert response.status_code == 302
    page = client.get(f"/notices/{written.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    client.post(f"/notices/{written.pk}/submit/")
    assert sent() == []  # nothing reaches the portal before approval

    signed_in(client, team["approver"])
    response = client.post(f"/notices/{written.pk}/approve/", {"when": "now"})
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.status == "published" and written.approver == team["approver"]
    (file_type, file_body), (notice_type, body) = sent()
    assert (file_type, notice_type) == ("notice.attachment", "notice.published")
    assert base64.b64decode(file_body["content_b64"]) == pdf
    assert body["attachments"] == [file_body["attachment"]]
    assert file_body["attachment"]["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert body["title"] == "关于网上预约办证的通知" and body["body"] == BODY
    assert body["category"] == {"code": "announcement", "name": "通知公告", "name_en": "Announcements"}
    actions = list(written.events.values_list("action", flat=True))
    assert actions == ["drafted", "attachment_added", "submitted", "approved", "published"]


def test_nobody_approves_their_own_notice(client, team):
    signed_in(client, team["supervisor"])
    client.cookies["lang"] = "en"
    draft(client)
    notice = Notice.objects.get()
    client.post(f"/notices/{notice.pk}/submit/")
    response = client.post(f"/notices/{notice.pk}/approve/", {"when": "now"}, follow=True)
    assert "nobody approves their own" in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == "submitted" and sent() == []


def test_another_department_cannot_see_or_approve(client, team, written):
    services.submit(written.pk, team["clerk"])
    signed_in(client, team["stranger"])
    assert client.get(f"/notices/{written.pk}/").status_code == 404
    assert client.post(f"/notices/{written.pk}/approve/", {"when": "now"}).status_code == 404
    assert Notice.objects.get().status == "submitted" and sent() == []


def test_sent_back_with_a_reason_returns_to_the_author_as_a_draft(client, team, written):
    services.submit(written.pk, team["clerk"])
    signed_in(client, team["approver"])
    response = client.post(f"/notices/{written.pk}/send-back/", {"reason": ""})
    assert response.status_code == 400
    assert Notice.objects.get().status == "submitted"
    client.post(f"/notices/{written.pk}/send-back/", {"reason": "请补充办理地点"})
    signed_in(client, team["clerk"])
    page = client.get(f"/notices/{written.pk}/").content.decode()
    assert "请补充办理地点" in page
    assert Notice.objects.get().status == "draft" and sent() == []


def test_scheduled_publication_waits_for_its_time_then_the_job_sends_it(client, team, written):
    services.submit(written.pk, team["clerk"])
    signed_in(client, team["approver"])
    when = timezone.localtime() + timedelta(hours=2)
    response = client.post(f"/notices/{written.pk}/approve/",
                           {"when": "scheduled", "publish_at": when.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert notice.status == "scheduled" and sent() == []
    assert publish_scheduled() == "0 scheduled notice(s) published" and sent() == []
    Notice.objects.filter(pk=notice.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert publish_scheduled() == "1 scheduled notice(s) published"
    assert [t for t, _ in sent()] == ["notice.published"]
    assert Notice.objects.get().status == "published"
    assert publish_scheduled() == "0 scheduled notice(s) published"  # never twice


def test_a_schedule_in_the_past_is_refused_and_nothing_changes(client, team, written):
    services.submit(written.pk, team["clerk"])
    signed_in(client, team["approver"])
    client.cookies["lang"] = "en"
    past = timezone.localtime() - timedelta(hours=1)
    response = client.post(f"/notices/{written.pk}/approve/",
                           {"when": "scheduled", "publish_at": past.strftime("%Y-%m-%dT%H:%M")},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "already passed" in response.content.decode()
    notice = Notice.objects.get()
    assert notice.status == "submitted" and notice.approver is None and sent() == []
    response = client.post(f"/notices/{written.pk}/approve/", {"when": "scheduled", "publish_at": ""})
    assert response.status_code == 400 and Notice.objects.get().status == "submitted"


def test_an_empty_title_is_refused_and_nothing_is_saved(client, team):
    signed_in(client, team["clerk"])
    response = draft(client, title="   ")
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not Notice.objects.exists()


@pytest.mark.parametrize("name, content, expected", [
    ("公告.exe", b"MZ\x90\x00", "Only these file types are accepted"),
    ("scan.pdf", b"not a pdf at all", "not really a PDF"),
    ("photo.pdf", png_bytes(), "the file is PNG"),
    ("big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024) + b"%%EOF", "at most 5.0 MB"),
])
def test_bad_attachments_are_refused_in_plain_words(client, team, written, name, content, expected):
    client.cookies["lang"] = "en"
    response = client.post(f"/notices/{written.pk}/attachments/",
                           {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not written.attachments.exists()


def test_withdrawing_a_published_notice_crosses_as_a_withdrawal(client, team, written):
    services.submit(written.pk, team["clerk"])
    services.approve(written.pk, team["approver"])
    signed_in(client, team["clerk"])  # a clerk may not withdraw
    client.post(f"/notices/{written.pk}/withdraw/")
    assert Notice.objects.get().status == "published"
    signed_in(client, team["supervisor"])
    client.post(f"/notices/{written.pk}/withdraw/")
    assert Notice.objects.get().status == "withdrawn"
    assert [t for t, _ in sent()] == ["notice.published", "notice.withdrawn"]
    assert sent("notice.withdrawn")[0][1]["notice_id"] == str(written.pk)
