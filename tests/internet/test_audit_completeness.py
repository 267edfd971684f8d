"""Every kind of event the portal must audit, one row each: a sign-in and its failures, the
lockout, signing out, a refusal (someone else's application, a forged form post), a state
change, a download. Each row acts as a user would and then reads the audit log: who, what,
about which object, with which outcome. A refusal changes nothing. No event holds a full ID
number or mobile number."""

import json

import pytest
from django.test import Client

from policeonline.applications.models import Application
from policeonline.audit.models import AuditEvent
from policeonline.catalog.models import Item
from policeonline.core.pii_scan import scan_text
from tests.internet.applications.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

ID_NUMBER, PHONE = "37010219900307106X", "13800000001"


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    """Argon2 costs ~1 s per password here; what is audited does not depend on the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def citizen():
    return make_user(name="张三", id_number=ID_NUMBER, phone=PHONE)


@pytest.fixture
def other():
    return make_user(name="李四", id_number="370102198506150021", phone="13800000002")


def sign_in(client, identifier, password=PASSWORD):
    return client.post("/accounts/login/", {"username": identifier, "password": password})


def login_succeeds(client, citizen, other):
    assert sign_in(client, ID_NUMBER).status_code == 302
    return citizen.account_ref, "login.succeeded", citizen.account_ref, {}


def login_fails(client, citizen, other):
    assert sign_in(client, ID_NUMBER, "Wrong#password1").status_code == 200
    assert "_auth_user_id" not in client.session
    return "anonymous", "login.failed", "login:", {"reason": "wrong_credentials", "locked": False}


def login_locked_out(client, citizen, other):
    for _ in range(5):
        sign_in(client, PHONE, "Wrong#password1")
    assert sign_in(client, PHONE).status_code == 429  # even the right password now
    assert "_auth_user_id" not in client.session
    return "anonymous", "login.locked_out", "login:", {}


def logout(client, citizen, other):
    client.force_login(citizen, backend="policeonline.accounts.citizens.backends.IdentifierBackend")
    assert client.post("/accounts/logout/").status_code == 302
    return citizen.account_ref, "logout", citizen.account_ref, {}


def someone_elses_application_page(client, citizen, other):
    app = Application.objects.create(owner=other, item_code="HZ-001")
    client.force_login(citizen)
    assert client.get(f"/applications/{app.pk}/").status_code == 404
    return citizen.account_ref, "permission.refused", f"applications.application:{app.pk}", {
        "reason": "not_owner"}


def someone_elses_application_by_api(client, citizen, other):
    app = Application.objects.create(owner=other, item_code="HZ-001", data_json='{"name": "李四"}')
    client.force_login(citizen)
    response = client.patch(f"/api/v1/applications/{app.pk}", {"data": {"name": "篡改"}},
                            content_type="application/json")
    assert response.status_code == 404
    app.refresh_from_db()
    assert app.data == {"name": "李四"}  # nothing changed
    return citizen.account_ref, "permission.refused", f"applications.application:{app.pk}", {}


def submitting_someone_elses_draft(client, citizen, other):
    app = Application.objects.create(owner=other, item_code="HZ-001")
    client.force_login(citizen)
    assert client.post(f"/api/v1/applications/{app.pk}/submit").status_code == 404
    app.refresh_from_db()
    assert app.status == Application.Status.DRAFT and not app.receipt_no  # nothing changed
    return citizen.account_ref, "permission.refused", f"applications.application:{app.pk}", {
        "reason": "not_owner"}


def someone_elses_plate_selection(client, citizen, other):
    app = Application.objects.create(owner=other, item_code="JDC-001")
    client.force_login(citizen)
    assert client.get(f"/applications/{app.pk}/plate/").status_code == 404
    return citizen.account_ref, "permission.refused", f"applications.application:{app.pk}", {
        "reason": "not_owner"}


def someone_elses_plate_by_api(client, citizen, other):
    app = Application.objects.create(owner=other, item_code="JDC-001")
    client.force_login(citizen)
    assert client.post(f"/api/v1/applications/{app.pk}/plate/display").status_code == 404
    return citizen.account_ref, "permission.refused", f"applications.application:{app.pk}", {
        "reason": "not_owner"}


def forged_form_post(client, citizen, other):
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(citizen)
    response = forged.post("/accounts/me/", {"email": "attacker@example.com"})
    assert response.status_code == 403
    citizen.refresh_from_db()
    assert citizen.email != "attacker@example.com"  # nothing changed
    return citizen.account_ref, "permission.refused", "/accounts/me/", {"status": 403}


def application_started(client, citizen, other):
    client.force_login(citizen)
    item = Item.objects.filter(applicant="citizen").order_by("code").first()
    response = client.post("/api/v1/applications", {"item_code": item.code},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    return citizen.account_ref, "application.started", response.json()["id"], {"item": item.code}


def open_data_download(client, citizen, other):
    response = client.get("/statistics/open-data/figures.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return "anonymous", "export.downloaded", "/statistics/open-data/figures.csv", {
        "content_type": "text/csv"}


ROWS = [login_succeeds, login_fails, login_locked_out, logout, someone_elses_application_page,
        someone_elses_application_by_api, submitting_someone_elses_draft,
        someone_elses_plate_selection, someone_elses_plate_by_api, forged_form_post, application_started,
        open_data_download]


@pytest.mark.parametrize("act", ROWS, ids=[row.__name__ for row in ROWS])
def test_each_kind_of_action_is_in_the_audit_log(act, citizen, other):
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    actor, action, target, detail = act(Client(), citizen, other)
    events = list(AuditEvent.objects.filter(pk__gt=before, action=action))
    assert events, f"no {action} event; got {list(AuditEvent.objects.filter(pk__gt=before))}"
    event = events[-1]
    assert event.actor == actor
    assert event.target.startswith(target) if target.endswith(":") else event.target == target
    assert detail.items() <= event.detail.items()
    if action == "permission.refused":  # one refusal, one event (the view's or the safety net's)
        assert len(events) == 1
    # No event holds a full ID number or mobile number (a failed sign-in typed one).
    text = json.dumps([[e.actor, e.target, e.detail] for e in AuditEvent.objects.filter(pk__gt=before)],
                      ensure_ascii=False)
    assert ID_NUMBER not in text and PHONE not in text and scan_text(text) == []
