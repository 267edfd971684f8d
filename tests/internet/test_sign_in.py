"""Signing in and out, lockout after repeated failures, session expiry, password reset."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from .conftest import PASSWORD, last_code

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.parametrize("identifier", ["37010219900307106X", "37010219900307106x",
                                        "13800000001", "138 0000 0001"])
def test_sign_in_with_id_number_or_phone(client, citizen, identifier):
    response = sign_in(client, identifier)
    assert response.status_code == 302
    assert "张三" in client.get("/accounts/me/").content.decode()


def test_wrong_password_is_refused_with_a_clear_message(client, citizen):
    html = sign_in(client, "13800000001", "wrong-Password1").content.decode()
    assert "账号或密码错误" in html or "密码错误" in html
    assert client.get("/accounts/me/").status_code == 302


def test_lockout_after_five_failures_even_with_the_right_password(client, citizen):
    for _ in range(5):
        sign_in(client, "13800000001", "wrong-Password1")
    response = sign_in(client, "13800000001")
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert client.get("/accounts/me/").status_code == 302


def test_lockout_records_no_identifier_in_clear(client, citizen):
    from axes.models import AccessAttempt

    sign_in(client, "37010219900307106X", "wrong-Password1")
    attempt = AccessAttempt.objects.get()
    assert "37010219900307106X" not in attempt.username
    assert "37010219900307106X" not in attempt.post_data


def test_sign_out(client, citizen):
    sign_in(client, "13800000001")
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/accounts/me/").status_code == 302


def test_an_idle_session_expires(client, citizen):
    sign_in(client, "13800000001")
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/accounts/me/").status_code == 302


def test_session_idle_timeout_is_thirty_minutes_and_sliding(client, citizen, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    sign_in(client, "13800000001")
    # Ten minutes idle: the next request moves the expiry to thirty minutes from now.
    session = client.session
    session["_refreshed"] -= 600
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=20))
    assert client.get("/accounts/me/").status_code == 200
    expiry = Session.objects.get().expire_date
    assert timedelta(minutes=29) < expiry - timezone.now() <= timedelta(minutes=30)


def test_the_session_is_not_rewritten_on_every_request(client, citizen):
    sign_in(client, "13800000001")
    client.get("/accounts/me/")
    before = Session.objects.get().expire_date
    assert client.get("/accounts/me/").status_code == 200  # within the refresh interval
    assert Session.objects.get().expire_date == before


def test_password_reset_by_sms(client, citizen):
    url = "/accounts/password/reset/"
    client.post(url, {"action": "send_code", "phone": "13800000001"})
    new = "Another#Pass2026"
    response = client.post(url, {"action": "reset", "phone": "13800000001",
                                 "sms_code": last_code("13800000001"),
                                 "password1": new, "password2": new})
    assert response.status_code == 302
    assert sign_in(client, "13800000001", PASSWORD).status_code == 200  # old one refused
    assert sign_in(client, "13800000001", new).status_code == 302


def test_password_reset_for_an_unknown_phone_sends_nothing(client, citizen):
    from policeonline.notifications.contrib.sms_simulator.models import SimulatedSms

    html = client.post("/accounts/password/reset/",
                       {"action": "send_code", "phone": "13700000000"}).content.decode()
    assert "未找到使用该手机号码的账号" in html
    assert not SimulatedSms.objects.exists()


def test_pages_that_need_an_account_redirect_to_sign_in(client):
    response = client.get("/accounts/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_sms_outbox_is_absent_outside_demo(client, settings):
    settings.DEMO_MODE = settings.DEBUG = False
    assert client.get("/dev/sms/").status_code == 404
