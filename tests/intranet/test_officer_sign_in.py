"""Officers sign in with police number, password and TOTP; the admin is for admins only."""

import pytest

from .conftest import PASSWORD, current_code, sign_in

pytestmark = pytest.mark.django_db


def test_password_and_totp_open_the_department_workbench(client, clerk):
    response = sign_in(client, clerk)
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.get("/").content.decode()
    assert "人口管理支队" in html and "待受理" in html


def test_a_wrong_totp_code_is_refused(client, clerk):
    good = current_code(clerk)
    wrong = "000000" if good != "000000" else "111111"
    html = sign_in(client, clerk, code=wrong).content.decode()
    assert "动态口令" in html
    assert client.get("/").status_code == 302


def test_a_missing_totp_code_is_refused(client, clerk):
    response = client.post("/officers/login/", {"username": clerk.username, "password": PASSWORD})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_a_password_only_session_does_not_open_the_workbench(client, clerk):
    client.force_login(clerk)  # authenticated, but the session never passed TOTP
    response = client.get("/")
    assert response.status_code == 302 and "/officers/login/" in response["Location"]


def test_lockout_after_repeated_failures(client, clerk):
    for _ in range(5):
        sign_in(client, clerk, password="Wrong#password1")
    response = sign_in(client, clerk)
    assert response.status_code == 429


def test_admin_is_open_to_administrators_only(client, clerk, admin_officer):
    sign_in(client, clerk)
    assert client.get("/admin/").status_code == 302
    client.post("/officers/logout/")
    sign_in(client, admin_officer)
    page = client.get("/admin/catalog/item/")
    assert page.status_code == 200 and "CRJ-001" in page.content.decode()


def test_catalog_rows_are_read_only_in_the_admin(client, admin_officer):
    from policeonline.catalog.models import Item

    sign_in(client, admin_officer)
    item = Item.objects.get(code="CRJ-001")
    response = client.post(f"/admin/catalog/item/{item.pk}/change/", {"name_zh": "篡改"})
    assert response.status_code == 403
    assert Item.objects.get(code="CRJ-001").name_zh != "篡改"


def test_sign_out(client, clerk):
    sign_in(client, clerk)
    client.post("/officers/logout/")
    assert client.get("/").status_code == 302


def test_enrol_totp_replaces_the_old_authenticator(client, clerk, settings):
    from io import StringIO

    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a failure

    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    old_code = current_code(clerk)
    out = StringIO()
    call_command("enrol_totp", clerk.username, stdout=out)
    assert "otpauth://totp/" in out.getvalue()
    assert TOTPDevice.objects.filter(user=clerk).count() == 1
    new_code = current_code(clerk)
    if old_code != new_code:  # the old secret no longer opens the back office
        assert sign_in(client, clerk, code=old_code).status_code == 200
    assert sign_in(client, clerk, code=new_code).status_code == 302


def test_enrol_totp_for_an_unknown_officer_fails_clearly():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No officer with police number 999999"):
        call_command("enrol_totp", "999999")


def test_every_admin_page_opens_for_an_administrator(client, admin_officer):
    from django.contrib import admin
    from django.urls import reverse

    sign_in(client, admin_officer)
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
    from policeonline.registry.demo import ensure_demo_people

    ensure_demo_people()
    page = client.get("/admin/registry/person/").content.decode()
    assert "370102********106X" in page and "37010219900307106X" not in page
