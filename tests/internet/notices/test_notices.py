"""What the public sees of notices the back office published: the home page's latest, the
list with categories and pages, a notice with its files, the API — and nothing once withdrawn."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from policeonline.exchange.models import InboxEntry
from policeonline.notices.portal.models import PublicNotice

from .conftest import png_bytes

pytestmark = pytest.mark.django_db
TIPS = ("tips", "便民提示", "Tips for the public")


def test_a_published_notice_shows_on_home_list_and_its_page_with_its_file(client, desk):
    image = png_bytes()
    notice_id = desk.publish(body="第一段<script>alert(1)</script>\n\n第二段",
                             files=[("窗口时间.png", image, "image/png")])
    home = client.get("/").content.decode()
    assert "关于春节期间户籍窗口开放时间的通知" in home and f"/notices/{notice_id}/" in home
    assert "关于春节期间户籍窗口开放时间的通知" in client.get("/notices/").content.decode()
    page = client.get(f"/notices/{notice_id}/").content.decode()
    assert "<p>第一段&lt;script&gt;alert(1)&lt;/script&gt;</p>" in page and "<p>第二段</p>" in page
    assert "窗口时间.png" in page
    response = client.get(f"/notices/{notice_id}/files/1/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == image


def test_the_same_envelopes_twice_change_nothing(client, desk):
    notice_id = desk.publish()
    desk.publish(notice_id=notice_id, title="另一个标题")  # re-sent under new envelope ids
    assert PublicNotice.objects.count() == 1
    assert PublicNotice.objects.get().title == "关于春节期间户籍窗口开放时间的通知"


def test_a_notice_whose_file_has_not_arrived_is_quarantined_not_half_shown(client, desk):
    from policeonline.exchange.models import QuarantinedEnvelope

    notice_id = "6f1c2c1e-0000-4000-8000-000000000001"
    desk.send("notice.published", {
        "notice_id": notice_id, "title": "缺附件", "body": "正文", "department": "",
        "category": {"code": "tips", "name": "便民提示", "name_en": "Tips for the public"},
        "published_at": "2026-11-27T10:00:00Z",
        "attachments": [{"index": 1, "sha256": "a" * 64, "filename": "x.pdf",
                         "content_type": "application/pdf", "size": 10}]})
    assert not PublicNotice.objects.exists()
    assert QuarantinedEnvelope.objects.exists()
    assert client.get(f"/notices/{notice_id}/").status_code == 404


def test_withdrawn_notices_leave_the_portal(client, desk):
    notice_id = desk.publish(files=[("a.png", png_bytes(), "image/png")])
    desk.withdraw(notice_id)
    assert "关于春节期间户籍窗口开放时间的通知" not in client.get("/").content.decode()
    assert "关于春节期间户籍窗口开放时间的通知" not in client.get("/notices/").content.decode()
    assert client.get(f"/notices/{notice_id}/").status_code == 410
    assert client.get(f"/notices/{notice_id}/files/1/").status_code == 404
    desk.publish(notice_id=notice_id)  # a late duplicate does not bring it back
    assert client.get(f"/notices/{notice_id}/").status_code == 410


def test_list_filters_by_category_and_pages(client, desk):
    start = datetime(2026, 11, 1, tzinfo=UTC)
    for n in range(12):
        desk.publish(title=f"通知{n:02d}", published_at=start + timedelta(hours=n))
    desk.publish(title="冬季出行提示", category=TIPS, published_at=start + timedelta(days=5))
    first = client.get("/notices/").content.decode()
    assert "冬季出行提示" in first and "通知11" in first and "通知02" not in first
    assert "通知02" in client.get("/notices/?page=2").content.decode()
    tips = client.get("/notices/?category=tips").content.decode()
    assert "冬季出行提示" in tips and "通知11" not in tips
    assert client.get("/notices/?category=nonsense&page=x").status_code == 200


def test_the_api_lists_and_shows_notices_without_sign_in(client, desk):
    notice_id = desk.publish(files=[("窗口时间.png", png_bytes(), "image/png")])
    desk.publish(title="冬季出行提示", category=TIPS)
    listing = client.get("/api/v1/notices?category=tips").json()
    assert listing["count"] == 1 and listing["notices"][0]["title"] == "冬季出行提示"
    assert {"code": "tips", "name": {"zh": "便民提示", "en": "Tips for the public"}} in listing["categories"]
    detail = client.get(f"/api/v1/notices/{notice_id}").json()
    assert detail["body"].startswith("春节期间户籍窗口照常开放")
    assert detail["attachments"][0]["url"].endswith(f"/notices/{notice_id}/files/1/")
    desk.withdraw(notice_id)
    gone = client.get(f"/api/v1/notices/{notice_id}")
    assert gone.status_code == 410 and gone.json()["error"]["code"] == "withdrawn"
    assert client.get("/api/v1/notices/6f1c2c1e-0000-4000-8000-000000000009").status_code == 404
    assert json.loads(client.get("/api/v1/notices").content)["count"] == 1
    assert InboxEntry.objects.count() >= 4


@pytest.mark.parametrize("query", ["page=0", "page=-5", "page=99999999999999999999", "category=%00x",
                                   "category=" + "x" * 500, "page=abc"])
def test_odd_list_queries_get_a_page_or_a_clear_refusal_never_an_error(client, desk, query):
    desk.publish()
    if "%00" in query:  # a NUL character is refused everywhere, with a message (core.middleware)
        assert client.get(f"/notices/?{query}").status_code == 400
        assert "NUL" in client.get(f"/api/v1/notices?{query}").json()["error"]["message"]
    else:
        assert client.get(f"/notices/?{query}").status_code == 200
        assert client.get(f"/api/v1/notices?{query}").status_code in (200, 422)
    assert client.get("/api/v1/notices/not-a-uuid").status_code in (404, 422)
