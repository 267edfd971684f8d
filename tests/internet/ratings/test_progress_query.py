"""The public progress query: with the receipt number AND the applicant's name or the last four
phone digits anyone sees the step and dates; without the second factor nothing at all; the
same answer for an unknown number as for a wrong name; throttled per client and per number."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext

from policeonline.applications.receipts import new_receipt_no

URL = "/progress/"


def zh(msgid: str) -> str:
    """What a visitor reads in the portal's default language (Chinese once merged)."""
    with translation.override("zh-hans"):
        return gettext(msgid)


NOT_FOUND = zh("No application matches this receipt number and name or phone digits. "
               "Check both and try again.")


def ask(client, receipt_no, factor, ip="198.51.100.7"):
    return client.post(URL, {"receipt_no": receipt_no, "factor": factor}, REMOTE_ADDR=ip)


def test_the_page_is_public_and_linked_from_the_portal(client, db):
    page = client.get("/")
    assert URL in page.content.decode()
    form = client.get(URL)
    assert form.status_code == 200
    assert 'name="receipt_no"' in form.content.decode() and 'for="id_factor"' in form.content.decode()


@pytest.mark.parametrize("factor", ["张三", " 张 三 ", "0001"])
def test_name_or_last_four_digits_show_step_and_dates(client, in_progress, factor):
    page = ask(client, in_progress.receipt_no, factor)
    text = page.content.decode()
    assert page.status_code == 200
    assert "无犯罪记录证明" in text  # the item
    assert 'id="progress-state">办理中<' in text  # the current step, localised
    assert "2026-12-30" in text  # due date
    # Nothing personal: not the name (except as typed, never echoed), ID, phone or the officer's note.
    assert "370102" not in text and "13800000001" not in text and "携带身份证" not in text
    assert "张三" not in text.split('id="progress-result"')[1]


def test_finished_case_shows_its_decision_date_and_no_due_date(client, finished):
    text = ask(client, finished.receipt_no, "张三").content.decode()
    assert 'id="progress-state">已办结<' in text
    assert "2026-12-30" not in text


@pytest.mark.parametrize("factor", ["", "李四", "0002", "1380000000", "张"])
def test_without_the_right_second_factor_nothing_is_revealed(client, in_progress, factor):
    page = ask(client, in_progress.receipt_no, factor)
    text = page.content.decode()
    assert page.status_code in (404, 422)
    assert 'id="progress-result"' not in text and "办理中" not in text and "无犯罪记录证明" not in text


def test_unknown_receipt_and_wrong_name_get_the_same_answer(client, in_progress):
    unknown = ask(client, new_receipt_no(2026), "张三")
    wrong = ask(client, in_progress.receipt_no, "李四")
    assert unknown.status_code == wrong.status_code == 404
    assert NOT_FOUND in unknown.content.decode() and NOT_FOUND in wrong.content.decode()


def test_a_mistyped_receipt_number_is_named_as_such(client, db):
    page = ask(client, "JN-2026-0000-0000-0000", "张三")
    assert page.status_code == 422
    assert zh("This is not a valid receipt number; please check it.") in page.content.decode()


def test_the_answer_is_in_english_when_chosen(client, in_progress):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch (Chinese otherwise)
    page = client.post(URL, {"receipt_no": in_progress.receipt_no, "factor": "李四"},
                       REMOTE_ADDR="198.51.100.8")
    assert "No application matches this receipt number" in page.content.decode()


@override_settings(PROGRESS_QUERY_LIMITS={"per_client": 3})
def test_one_client_is_throttled_after_the_limit(client, in_progress):
    for _ in range(3):
        assert ask(client, new_receipt_no(2026), "张三").status_code == 404
    page = ask(client, in_progress.receipt_no, "张三")
    assert page.status_code == 429
    assert zh("Too many progress queries from your network. "
              "Please wait a few minutes and try again.") in page.content.decode()
    assert "办理中" not in page.content.decode()
    assert ask(client, in_progress.receipt_no, "张三", ip="203.0.113.9").status_code == 200  # others go on


@override_settings(PROGRESS_QUERY_LIMITS={"failures_per_receipt": 3})
def test_a_receipt_number_is_locked_after_wrong_answers_from_anywhere(client, in_progress):
    for n in range(3):
        assert ask(client, in_progress.receipt_no, f"王{n}", ip=f"192.0.2.{n}").status_code == 404
    page = ask(client, in_progress.receipt_no, "张三", ip="192.0.2.200")  # even the right name now
    assert page.status_code == 429 and "办理中" not in page.content.decode()
    assert zh("Too many wrong answers for this receipt number. It is locked for "
              "an hour; please try again later.") in page.content.decode()


def test_api_progress(client, in_progress):
    ok = client.post("/api/v1/progress", {"receipt_no": in_progress.receipt_no,
                                           "name_or_phone_digits": "0001"}, content_type="application/json")
    assert ok.status_code == 200
    body = ok.json()
    assert body["state"] == "accepted" and body["due_date"] == "2026-12-30" and not body["finished"]
    assert [s["step"] for s in body["steps"]][:1]
    assert "张三" not in ok.content.decode() and "13800000001" not in ok.content.decode()
    body = {"receipt_no": in_progress.receipt_no, "name_or_phone_digits": "9999"}
    wrong = client.post("/api/v1/progress", body, content_type="application/json")
    assert wrong.status_code == 404 and wrong.json()["error"]["code"] == "not_found"
