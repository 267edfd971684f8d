"""The home page's latest notices, held per process (ADR 0039): a notice applied here shows at
once, one applied or withdrawn by another process within the recheck interval, each visitor in
their language — and a held box costs the home page no notices query."""

import time
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from policeonline.notices.portal.models import PublicNotice

from .conftest import TITLE

# Transactional: inside a test's transaction the version is read on every request, so only
# committed data shows what visitors of a running server get.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("catalog")]


def _home(language="zh-hans") -> str:
    client = Client()
    client.cookies["lang"] = language
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _notice_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "notices_publicnotice" in q["sql"]]


@override_settings(NOTICES_RECHECK_MS=60_000)
def test_a_notice_applied_here_shows_and_goes_at_once_and_the_held_box_costs_no_query(desk):
    assert TITLE not in _home()
    notice_id = desk.publish()
    assert TITLE in _home()
    with CaptureQueriesContext(connection) as seen:
        assert TITLE in _home()
    assert _notice_queries(seen.captured_queries) == []
    desk.withdraw(notice_id)
    assert TITLE not in _home()


@override_settings(NOTICES_RECHECK_MS=50)
def test_another_process_publishing_or_withdrawing_shows_within_the_recheck_interval(desk):
    _home()  # the box is held (no notices yet)
    # What another process's inbox leaves behind, written without this process being told.
    PublicNotice.objects.create(id="6f1c2c1e-0000-4000-8000-0000000000a1", title="另一进程发布的通知",
                                category="announcement", category_name="通知公告",
                                category_name_en="Announcements", body="正文",
                                published_at=datetime.now(UTC))
    time.sleep(0.06)
    assert "另一进程发布的通知" in _home()
    PublicNotice.objects.filter(pk="6f1c2c1e-0000-4000-8000-0000000000a1") \
        .update(withdrawn_at=datetime.now(UTC))
    time.sleep(0.06)
    assert "另一进程发布的通知" not in _home()


@override_settings(NOTICES_RECHECK_MS=60_000)
def test_each_language_gets_its_own_box(desk):
    desk.publish()
    zh, en = _home(), _home("en")
    assert "警务公开" in zh and "通知公告" in zh and "Announcements" not in zh
    assert "News and notices" in en and "Announcements" in en and "警务公开" not in en
