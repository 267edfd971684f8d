"""In-site messages are sent (SMS, email, the stored record) in the bureau's Chinese, and the
message list words each one again in the reader's language: a reader who chose English finds
no Chinese there, a reader in Chinese the text exactly as it was sent."""

import re

import pytest

from policeonline.appointments.models import Hall
from policeonline.notifications.models import Message
from policeonline.notifications.notify import notify
from policeonline.notifications.texts import TEXTS, render

from .conftest import PASSWORD
from .test_citizen_side import submitted_app

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")  # Chinese characters and punctuation


def sign_in(client, user):
    assert client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD}).status_code == 302


def test_a_case_update_reads_in_the_readers_language(client, citizen, intranet):
    app = submitted_app(citizen)
    app.refresh_from_db()
    intranet.update(app, "accept", "examining")
    sent = Message.objects.get(recipient=citizen)
    assert sent.title == "您的申请已受理"  # as the SMS and email said it
    assert sent.body.startswith(f"{app.receipt_no}：")
    sign_in(client, citizen)

    chinese = client.get("/messages/").content.decode()
    assert "您的申请已受理" in chinese and f"{app.receipt_no}：" in chinese
    assert "查看详情" in chinese and "待签收" not in chinese  # the link, not the letters' "Open" status

    client.cookies["lang"] = "en"
    english = client.get("/messages/").content.decode()
    assert "Your application has been accepted" in english and f"{app.receipt_no}: " in english
    listed = english.split('<ul class="item-list">', 1)[1].split("</ul>", 1)[0]
    assert not HAN.search(listed), listed


def test_a_refusal_gives_its_reason_in_the_readers_language(client, citizen, intranet):
    app = submitted_app(citizen)
    app.refresh_from_db()
    intranet.update(app, "refuse", "refused", reason_code="outside_competence", outcome="refused")
    sent = Message.objects.get(recipient=citizen)
    assert "。理由：" in sent.body
    title, body = sent.worded()
    assert title == sent.title and body == sent.body  # Chinese reader: exactly what was sent
    english_title, english_body = render(sent.key, sent.values, "en")
    assert english_title == "Your application was not accepted"
    assert ". Reason: " in english_body and not HAN.search(english_body), english_body


SAMPLES = {
    "case.update": {"action": "complete", "receipt": "JN2026-0000001", "workflow": "simple",
                    "state": "completed", "reason": "", "note": ""},
    "guarantee.requested": {"applicant": "Zhang San", "id": "3701**********106X", "item": "SF-005",
                            "due": "2026-12-03"},
    "guarantee.answered": {"status": "declined", "item": "SF-005", "receipt": "JN2026-0000001"},
    "rectification.updated": {"status": "open", "receipt": "JN2026-0000001", "answer": "",
                              "due": "2026-12-18"},
    "appointment.no_show": {"reference": "YY20261203001"},
    "appointment.reminder": {"reference": "YY20261203001", "hall": None, "start": "2026-12-03 09:00"},
    "letter.answered": {"no": "XF20261203001", "subject": "Opening hours",
                        "department": "Exit-Entry Administration"},
}


def test_every_message_text_is_complete_in_english():
    hall = Hall.objects.create(code="t-hall", name_zh="历下出入境服务大厅", name_en="Lixia Exit-Entry Hall",
                               address_zh="历下区经十路1号", address_en="1 Jingshi Road, Lixia",
                               department_code="exit_entry", slot_minutes=30, capacity=4)
    SAMPLES["appointment.reminder"]["hall"] = hall.pk
    assert set(SAMPLES) == set(TEXTS)  # a new text gets a sample here
    for key, values in SAMPLES.items():
        title, body = render(key, values, "en")
        assert not HAN.search(title + body), (key, title, body)
        chinese_title, chinese_body = render(key, values, "zh-hans")
        assert HAN.search(chinese_title) and HAN.search(chinese_body), key
    assert "Lixia Exit-Entry Hall (1 Jingshi Road, Lixia)" in render(
        "appointment.reminder", SAMPLES["appointment.reminder"], "en")[1]
    assert "历下出入境服务大厅（历下区经十路1号）" in render(
        "appointment.reminder", SAMPLES["appointment.reminder"], "zh-hans")[1]


def test_a_plain_text_message_is_shown_as_sent(client, citizen):
    notify(citizen, "通知", "内容", sms=False, email=False)
    sign_in(client, citizen)
    client.cookies["lang"] = "en"
    page = client.get("/messages/").content.decode()
    assert "通知" in page and "内容" in page
