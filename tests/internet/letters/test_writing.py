"""Writing a letter: a verified account, or a consultation without one (mobile number proved
by SMS code). Every refusal is explained and leaves nothing behind: no letter, no envelope."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from policeonline.exchange.models import OutboxEntry
from policeonline.letters.portal.models import Letter
from policeonline.letters.tracking import is_valid
from policeonline.notifications.contrib.sms_simulator.models import SimulatedSms

from .conftest import ANONYMOUS_PHONE, WRITER, last_code, letter_data, make_user, outbox_bodies, pdf, zh

pytestmark = pytest.mark.django_db


def nothing_sent():
    return not Letter.objects.exists() and not OutboxEntry.objects.filter(type="letter.submitted").exists()


def test_a_signed_in_consultation_is_stored_and_crosses_with_its_attachment(client, writer, exchange_keys):
    client.force_login(writer)
    response = client.post("/letters/write/consultation/", {**letter_data(), "attachments": [pdf()]})
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/letters/{letter.tracking_no}/"
    assert is_valid(letter.tracking_no) and letter.author == writer and letter.publish_consent
    [body] = outbox_bodies(exchange_keys, "letter.submitted")
    assert body["kind"] == "consultation" and body["topic"] == "CRJ-001" and body["publish_consent"]
    assert body["writer_name"] == "" and body["contact_phone"] == ""  # a consultation needs neither
    assert base64.b64decode(body["attachments"][0]["content_b64"]).startswith(b"%PDF")
    page = client.get(response["Location"]).content.decode()
    assert letter.tracking_no in page and "护照办理需要多久" in page and "scan.pdf" in page
    assert letter.tracking_no in client.get("/letters/").content.decode()  # my letters


def test_a_complaint_carries_the_writer_so_the_department_can_call_back(client, writer, exchange_keys):
    client.force_login(writer)
    client.post("/letters/write/complaint/", letter_data(topic="other", publish_consent="on"))
    [body] = outbox_bodies(exchange_keys, "letter.submitted")
    assert body["writer_name"] == "赵六" and body["contact_phone"] == WRITER["phone"]
    assert body["publish_consent"] is False  # only consultations become public Q&A
    assert not Letter.objects.get().publish_consent


def test_complaints_and_the_mailbox_need_a_verified_account(client, db):
    for kind in ("complaint", "mailbox"):
        response = client.get(f"/letters/write/{kind}/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_user(verified=False, name="钱六", id_number="110101199003070011",
                                 phone="13900000010"))
    response = client.post("/letters/write/mailbox/", letter_data())
    assert zh("Complete real-name verification first.") in response.content.decode()
    assert nothing_sent()


def test_an_anonymous_consultation_proves_its_phone_and_gets_a_tracking_number(client, exchange_keys):
    page = client.post("/letters/write/consultation/", letter_data(action="send_code", phone=ANONYMOUS_PHONE))
    assert "护照办理需要多久" in page.content.decode()  # what was typed is kept
    response = client.post("/letters/write/consultation/",
                           letter_data(phone=ANONYMOUS_PHONE, sms_code=last_code(ANONYMOUS_PHONE)))
    assert response.status_code == 302 and response["Location"] == "/letters/sent/"
    letter = Letter.objects.get()
    assert letter.author is None and letter.contact_phone == ANONYMOUS_PHONE
    assert letter.tracking_no in client.get("/letters/sent/").content.decode()
    [body] = outbox_bodies(exchange_keys, "letter.submitted")
    assert body["anonymous"] and body["writer_name"] == "" and body["contact_phone"] == ""


@pytest.mark.parametrize("code", ["", "000000"])
def test_an_anonymous_letter_without_the_right_code_is_not_sent(client, code):
    client.post("/letters/write/consultation/", letter_data(action="send_code", phone=ANONYMOUS_PHONE))
    right = last_code(ANONYMOUS_PHONE)
    response = client.post("/letters/write/consultation/",
                           letter_data(phone=ANONYMOUS_PHONE, sms_code=code if code != right else "111111"))
    assert response.status_code == 400 and nothing_sent()


def test_an_anonymous_complaint_is_sent_to_sign_in(client):
    response = client.post("/letters/write/complaint/", letter_data(phone=ANONYMOUS_PHONE))
    assert response.status_code == 302 and nothing_sent()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("subject", "   ", "This field is required."),
    ("text", "太短了", "Write at least %(min)d characters."),
    ("text", "很" * 3001, None),
    ("topic", "XX-999", None),
])
def test_empty_short_or_too_long_text_is_refused_and_nothing_sent(client, writer, field, value, message):
    client.force_login(writer)
    response = client.post("/letters/write/consultation/", letter_data(**{field: value}))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page
    if message:
        assert zh(message, min=10) in page
    assert nothing_sent()


def test_an_oversized_attachment_is_refused_with_its_size(client, writer):
    client.force_login(writer)
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    response = client.post("/letters/write/consultation/",
                           {**letter_data(), "attachments": [pdf(content=big)]})
    assert response.status_code == 400
    assert zh("%(name)s is %(size).1f MB; at most 1 MB per file is accepted.", name="scan.pdf",
              size=len(big) / 1048576) in response.content.decode()
    assert nothing_sent()


def test_a_program_renamed_pdf_and_too_many_files_are_refused(client, writer):
    client.force_login(writer)
    exe = SimpleUploadedFile("photo.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    response = client.post("/letters/write/consultation/", {**letter_data(), "attachments": [exe]})
    assert response.status_code == 400 and "photo.pdf" in response.content.decode()
    response = client.post("/letters/write/consultation/",
                           {**letter_data(), "attachments": [pdf(), pdf("b.pdf"), pdf("c.pdf")]})
    assert zh("Attach at most %(n)d files.", n=2) in response.content.decode()
    assert nothing_sent()


def test_abusive_volumes_are_refused_per_account_phone_and_network(client, writer, settings):
    settings.LETTERS_DAILY_LIMIT, settings.LETTERS_ANONYMOUS_DAILY_LIMIT_PER_IP = 2, 3
    refusal = zh("Too many letters were sent in the last 24 hours from this account, phone or "
                 "network; we accept at most %(n)d a day per person. Please write again tomorrow, "
                 "or phone 12345 to add to a letter you sent.", n=2)
    client.force_login(writer)
    for _ in range(2):
        assert client.post("/letters/write/consultation/", letter_data()).status_code == 302
    response = client.post("/letters/write/complaint/", letter_data())
    assert response.status_code == 429 and refusal in response.content.decode()
    assert Letter.objects.count() == 2
    client.logout()  # without an account: one phone, then the network, are limited

    def anonymous(phone):
        client.post("/letters/write/consultation/", letter_data(action="send_code", phone=phone))
        return client.post("/letters/write/consultation/",
                           letter_data(phone=phone, sms_code=last_code(phone)))

    assert anonymous(ANONYMOUS_PHONE).status_code == 302  # the network's 3rd letter
    assert Letter.objects.count() == 3
    response = anonymous("13900000078")
    assert response.status_code == 429 and refusal in response.content.decode()
    assert Letter.objects.count() == 3
    assert OutboxEntry.objects.filter(type="letter.submitted").count() == 3


def test_one_contact_phone_is_limited_whatever_the_network(client, settings):
    settings.LETTERS_DAILY_LIMIT, settings.SMS_CODE_RESEND_SECONDS = 1, 0
    url = "/letters/write/consultation/"

    def anonymous(ip):
        client.post(url, letter_data(action="send_code", phone=ANONYMOUS_PHONE), REMOTE_ADDR=ip)
        return client.post(url, letter_data(phone=ANONYMOUS_PHONE, sms_code=last_code(ANONYMOUS_PHONE)),
                           REMOTE_ADDR=ip)

    assert anonymous("198.51.100.1").status_code == 302
    response = anonymous("203.0.113.2")  # another network, the same phone
    assert response.status_code == 429
    assert zh("Too many letters were sent in the last 24 hours from this account, phone or "
              "network; we accept at most %(n)d a day per person. Please write again tomorrow, "
              "or phone 12345 to add to a letter you sent.", n=1) in response.content.decode()
    assert Letter.objects.count() == 1
    assert OutboxEntry.objects.filter(type="letter.submitted").count() == 1


def test_code_requests_are_limited_per_network(client, settings):
    """Each phone has its own limits; one network asking codes for many phones is stopped."""
    settings.LETTERS_SMS_CODES_PER_HOUR_PER_IP = 2
    url = "/letters/write/consultation/"
    for phone in ("13900000101", "13900000102"):
        assert client.post(url, letter_data(action="send_code", phone=phone)).status_code == 200
    refused = client.post(url, letter_data(action="send_code", phone="13900000103"))
    assert refused.status_code == 429
    page = refused.content.decode()
    assert zh("Too many codes were requested from your network. Please try again in an hour.") in page
    assert "护照办理需要多久" in page  # what was typed is kept
    assert not SimulatedSms.objects.filter(phone="13900000103").exists()
    other = client.post(url, letter_data(action="send_code", phone="13900000103"), REMOTE_ADDR="203.0.113.3")
    assert other.status_code == 200 and SimulatedSms.objects.filter(phone="13900000103").exists()
    assert nothing_sent()


def test_an_unknown_kind_is_not_found(client):
    assert client.get("/letters/write/praise/").status_code == 404
