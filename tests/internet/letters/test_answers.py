"""What comes back: routing and due date, the answer (the writer is notified: in-site message,
or an SMS for an anonymous writer), one rating, and public Q&A only with consent."""

import pytest

from policeonline.exchange.models import OutboxEntry
from policeonline.letters.portal import services
from policeonline.letters.portal.models import Letter, PublicAnswer
from policeonline.notifications.contrib.sms_simulator.models import SimulatedSms
from policeonline.notifications.models import Message

from .conftest import (
    ANONYMOUS_PHONE,
    answer,
    at,
    last_code,
    letter_data,
    make_user,
    outbox_bodies,
    publish,
    zh,
)

pytestmark = pytest.mark.django_db


def write(writer, **overrides) -> Letter:
    data = {**letter_data(**overrides), "publish_consent": overrides.get("publish_consent", True),
            "attachments": []}
    return services.write("consultation", data, author=writer, ip="10.0.0.1")


def test_the_department_and_due_date_show_once_the_letter_is_routed(client, writer, intranet):
    letter = write(writer)
    intranet.send("letter.updated", {"letter_id": str(letter.pk), "tracking_no": letter.tracking_no,
                                     "state": "received", "department": "出入境管理支队",
                                     "due_date": "2026-12-04", "at": at()})
    client.force_login(writer)
    page = client.get(f"/letters/{letter.tracking_no}/").content.decode()
    assert "出入境管理支队" in page and "2026-12-04" in page


def test_the_writer_is_notified_of_the_answer_and_reads_it(client, writer, intranet):
    letter = write(writer)
    answer(intranet, letter)
    answer(intranet, letter)  # delivered twice: applied once
    message = Message.objects.get(recipient=writer)
    assert letter.tracking_no in message.title and message.link == f"/letters/{letter.tracking_no}/"
    client.force_login(writer)
    page = client.get(message.link).content.decode()
    assert "首次申领护照7个工作日内办结。" in page and "出入境管理支队" in page
    assert zh("Very satisfied") in page  # the rating form


def test_an_anonymous_writer_gets_an_sms_and_reads_the_answer_with_number_and_phone(
        client, intranet, django_capture_on_commit_callbacks):
    from policeonline.accounts.citizens import sms_codes

    sms_codes.issue(ANONYMOUS_PHONE, "letter")
    sms = sms_codes.check(ANONYMOUS_PHONE, "letter", last_code(ANONYMOUS_PHONE))
    letter = services.write("consultation", {**letter_data(), "publish_consent": False, "attachments": []},
                            ip="10.0.0.2", phone=ANONYMOUS_PHONE, sms=sms)
    with django_capture_on_commit_callbacks(execute=True):
        answer(intranet, letter)
    assert letter.tracking_no in SimulatedSms.objects.filter(phone=ANONYMOUS_PHONE).first().text
    wrong = client.post("/letters/track/", {"tracking_no": letter.tracking_no, "phone": "13900000078"})
    assert wrong.status_code == 404 and "首次申领护照" not in wrong.content.decode()
    page = client.post("/letters/track/", {"tracking_no": letter.tracking_no.lower(),
                                           "phone": ANONYMOUS_PHONE})
    assert page.status_code == 200 and "首次申领护照7个工作日内办结。" in page.content.decode()
    rated = client.post("/letters/track/", {"tracking_no": letter.tracking_no, "phone": ANONYMOUS_PHONE,
                                            "rating": "5"})
    assert rated.status_code == 200
    letter.refresh_from_db()
    assert letter.rating == 5


def test_the_answer_is_rated_once(client, writer, intranet, exchange_keys):
    letter = write(writer)
    client.force_login(writer)
    early = client.post(f"/letters/{letter.tracking_no}/", {"rating": "4"})
    assert early.status_code == 422 and zh("A letter can be rated once it has been answered.") \
        in early.content.decode()
    answer(intranet, letter)
    bad = client.post(f"/letters/{letter.tracking_no}/", {"rating": "9"})
    assert bad.status_code == 422 and zh("Choose one of the five ratings.") in bad.content.decode()
    assert client.post(f"/letters/{letter.tracking_no}/", {"rating": "4"}).status_code == 302
    again = client.post(f"/letters/{letter.tracking_no}/", {"rating": "1"})
    assert again.status_code == 422 and zh("You have already rated this answer.") in again.content.decode()
    letter.refresh_from_db()
    assert letter.rating == 4
    assert [b["rating"] for b in outbox_bodies(exchange_keys, "letter.rated")] == [4]
    assert zh("Satisfied") in client.get(f"/letters/{letter.tracking_no}/").content.decode()


def test_nobody_else_sees_or_rates_a_letter(client, writer, intranet):
    letter = write(writer)
    answer(intranet, letter)
    other = make_user(name="孙七", id_number="370103199204120039", phone="13800000017")
    client.force_login(other)
    assert client.get(f"/letters/{letter.tracking_no}/").status_code == 404
    assert client.post(f"/letters/{letter.tracking_no}/", {"rating": "1"}).status_code == 404
    assert letter.tracking_no not in client.get("/letters/").content.decode()
    assert not OutboxEntry.objects.filter(type="letter.rated").exists()


def test_a_published_answer_is_searchable_on_the_portal(client, writer, intranet):
    letter = write(writer)
    answer(intranet, letter)
    publish(intranet, letter)
    page = client.get("/qa/", {"q": "护照"}).content.decode()
    assert "首次申领护照需要多久？" in page and "7个工作日。" in page
    assert "赵六" not in page and letter.tracking_no not in page
    assert "首次申领护照需要多久？" not in client.get("/qa/", {"q": "驾驶证"}).content.decode()


def test_without_consent_nothing_is_published(client, writer, intranet):
    letter = write(writer, publish_consent=False)
    answer(intranet, letter)
    publish(intranet, letter)
    assert not PublicAnswer.objects.exists()


def test_tracking_lookups_are_limited_per_network(client, intranet, settings):
    """Guessing tracking numbers and phones is stopped; the letter's owner elsewhere is not."""
    settings.LETTERS_TRACK_LOOKUPS_PER_HOUR = 2
    from policeonline.accounts.citizens import sms_codes

    sms_codes.issue(ANONYMOUS_PHONE, "letter")
    sms = sms_codes.check(ANONYMOUS_PHONE, "letter", last_code(ANONYMOUS_PHONE))
    letter = services.write("consultation", {**letter_data(), "publish_consent": False, "attachments": []},
                            ip="10.0.0.2", phone=ANONYMOUS_PHONE, sms=sms)
    answer(intranet, letter)
    for phone in ("13900000078", "13900000079"):
        assert client.post("/letters/track/", {"tracking_no": letter.tracking_no,
                                               "phone": phone}).status_code == 404
    right = {"tracking_no": letter.tracking_no, "phone": ANONYMOUS_PHONE, "rating": "1"}
    refused = client.post("/letters/track/", right)  # even the right pair, from this network
    page = refused.content.decode()
    assert refused.status_code == 429
    assert zh("Too many lookups from your network. Please try again in an hour.") in page
    assert "首次申领护照7个工作日内办结。" not in page
    letter.refresh_from_db()
    assert letter.rating is None  # nothing changed
    other = client.post("/letters/track/", {"tracking_no": letter.tracking_no, "phone": ANONYMOUS_PHONE},
                        REMOTE_ADDR="203.0.113.4")
    assert other.status_code == 200 and "首次申领护照7个工作日内办结。" in other.content.decode()
