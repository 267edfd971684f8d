"""Registering citizens and companies: SMS code, ID and credit-code checks, password policy.
Every refusal says why and leaves no account behind."""

from datetime import timedelta

import pytest
from django.utils import timezone

from policeonline.accounts.citizens.models import SmsCode, User
from policeonline.exchange.models import OutboxEntry
from policeonline.notifications.contrib.sms_simulator.models import SimulatedSms
from tests.conftest import make_credit_code

from .conftest import PASSWORD, last_code

pytestmark = pytest.mark.django_db
NEW_ID = "370102198506150021"
NEW_PHONE = "13900000002"


def send_code(client, phone=NEW_PHONE, url="/accounts/register/"):
    return client.post(url, {"action": "send_code", "phone": phone, "name": "李四"})


def register(client, **overrides):
    data = {"action": "register", "name": "李四", "id_number": NEW_ID, "phone": NEW_PHONE,
            "sms_code": last_code(NEW_PHONE), "password1": PASSWORD, "password2": PASSWORD,
            "agree": "on", **overrides}
    return client.post("/accounts/register/", data)


def test_register_creates_the_account_signs_in_and_asks_for_verification(client):
    page = send_code(client)
    assert "验证码已发送" in page.content.decode()
    assert "李四" in page.content.decode()  # what was typed is kept
    response = register(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/me/"
    user = User.objects.get()
    assert user.kind == "citizen" and user.verification == "pending"
    assert user.id_number == NEW_ID and user.phone == NEW_PHONE
    # The verification request left in the same transaction, through the outbox.
    request = OutboxEntry.objects.get(type="identity.verify.request")
    assert NEW_ID.encode() in bytes(request.data) and "李四".encode() in bytes(request.data)
    me = client.get("/accounts/me/").content.decode()
    assert "370102********0021" in me and "139****0002" in me
    assert NEW_ID not in me  # masked even for the owner's own page
    assert "正在核验" in me and 'hx-trigger="every 1s"' in me


@pytest.mark.parametrize(("field", "value", "message"), [
    ("id_number", "370102198506150022", "校验码"),
    ("id_number", "3701021985061500", "18"),
    ("password1", "short1A", "密码太短，请至少使用10个字符"),
    ("password1", "alllowercaseletters", "密码须至少包含小写字母、大写字母、数字、符号中的3种"),
    ("password2", "Different#2026", "两次"),
    ("sms_code", "000000", "验证码"),
    ("agree", "", "必填"),
])
def test_bad_input_is_explained_and_creates_nothing(client, field, value, message):
    send_code(client)
    overrides = {field: value}
    if field == "password1":
        overrides["password2"] = value  # test the policy, not the mismatch
    response = register(client, **overrides)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html, html[html.find("error-summary"):][:800]
    assert User.objects.count() == 0
    assert not OutboxEntry.objects.exists()  # nothing crossed for a refused registration


def test_a_reused_phone_number_is_refused_before_any_sms(client, citizen):
    page = send_code(client, phone="13800000001").content.decode()
    assert "已注册" in page
    assert not SimulatedSms.objects.exists()


def test_a_second_account_for_the_same_id_number_is_refused(client, citizen):
    send_code(client)
    response = register(client, id_number="37010219900307106X")
    assert "已注册" in response.content.decode() or "已存在" in response.content.decode()
    assert User.objects.count() == 1


def test_an_expired_code_is_refused(client):
    send_code(client)
    SmsCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "已过期" in register(client).content.decode()
    assert User.objects.count() == 0


def test_a_code_is_spent_after_five_wrong_guesses(client):
    send_code(client)
    good = last_code(NEW_PHONE)
    for _ in range(5):
        register(client, sms_code="999999" if good != "999999" else "888888")
    html = register(client, sms_code=good).content.decode()
    assert "错误次数过多" in html or "次数过多" in html
    assert User.objects.count() == 0


def test_a_code_cannot_be_used_twice(client):
    send_code(client)
    code = last_code(NEW_PHONE)
    register(client, sms_code=code)
    client.post("/accounts/logout/")
    response = register(client, sms_code=code, id_number="37010219900307106X")
    assert User.objects.count() == 1
    assert response.status_code == 400


def test_codes_cannot_be_requested_in_a_burst(client):
    send_code(client)
    html = send_code(client).content.decode()
    assert "秒后" in html
    assert SimulatedSms.objects.count() == 1


def test_daily_cap_on_codes(client, settings):
    settings.SMS_CODE_RESEND_SECONDS = 0
    settings.SMS_CODE_DAILY_LIMIT = 3
    for _ in range(3):
        send_code(client)
    assert "明天再试" in send_code(client).content.decode()
    assert SimulatedSms.objects.count() == 3


def test_bad_phone_number_gets_a_clear_error(client):
    html = send_code(client, phone="12345").content.decode()
    assert "11位" in html
    assert not SimulatedSms.objects.exists()


def test_only_a_hash_of_the_code_is_stored(client):
    send_code(client)
    assert last_code(NEW_PHONE) not in SmsCode.objects.get().code_hash


COMPANY = {"action": "register", "company_name": "济南测试物流有限公司", "name": "王五",
           "id_number": NEW_ID, "phone": NEW_PHONE, "password1": PASSWORD,
           "password2": PASSWORD, "agree": "on"}


def test_company_registration(client):
    code = make_credit_code("91370100MA3C12345")
    send_code(client, url="/accounts/register/company/")
    response = client.post("/accounts/register/company/",
                           {**COMPANY, "credit_code": code, "sms_code": last_code(NEW_PHONE)})
    assert response.status_code == 302
    company = User.objects.get()
    assert company.kind == "company" and company.credit_code == code
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"username": code.lower(), "password": PASSWORD})
    assert response.status_code == 302


def test_company_with_a_bad_credit_code_is_refused(client):
    good = make_credit_code("91370100MA3C12345")
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    send_code(client, url="/accounts/register/company/")
    response = client.post("/accounts/register/company/",
                           {**COMPANY, "credit_code": bad, "sms_code": last_code(NEW_PHONE)})
    assert response.status_code == 400
    assert "统一社会信用代码" in response.content.decode()
    assert not User.objects.exists()
