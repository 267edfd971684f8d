"""Real-name verification, internet side: the request leaves through the outbox, the
intranet's signed answer updates the account, and the portal and API show it."""

import pytest

from policeonline.accounts.citizens import services
from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import seal
from policeonline.exchange.inbox import process
from policeonline.exchange.models import OutboxEntry, QuarantinedEnvelope

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
RESULT = types.get("identity.verify.result", 1, "intranet")


def answer(exchange_keys, user, outcome="verified", reason="match", seq=1, request_id=None):
    """The intranet's answer, signed with the intranet's key, delivered to this zone."""
    body = {"request_id": request_id or user.verification_request_id,
            "account_ref": user.account_ref, "outcome": outcome, "reason": reason}
    _, data = seal(RESULT, body, keyring=exchange_keys["intranet"], seq=seq)
    return process(default_endpoint(), data, "test")


@pytest.fixture
def pending(citizen):
    services.request_verification(citizen)
    citizen.refresh_from_db()
    return citizen


def sign_in(client):
    client.post("/accounts/login/", {"username": "13800000001", "password": PASSWORD})


def test_the_request_carries_name_and_id_to_the_intranet(pending):
    entry = OutboxEntry.objects.get(type="identity.verify.request")
    assert pending.verification == "pending"
    assert b'"account_ref":"account:' in bytes(entry.data)


def test_a_verified_answer_updates_account_page_and_api(client, pending, exchange_keys):
    sign_in(client)
    fragment = client.get("/accounts/me/verification/").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "正在核验" in fragment
    assert answer(exchange_keys, pending).applied == 1
    pending.refresh_from_db()
    assert pending.verification == "verified" and pending.verification_reason == "match"
    fragment = client.get("/accounts/me/verification/").content.decode()
    assert "hx-trigger" not in fragment  # polling stops
    assert "已实名认证" in fragment
    api = client.get("/api/v1/me").json()
    assert api["verification"]["state"] == "verified"
    assert api["verification"]["message"]["en"].startswith("Your name and ID number match")
    assert api["id_number_masked"] == "370102********106X"


def test_a_rejection_says_why_and_allows_a_corrected_retry(client, pending, exchange_keys):
    sign_in(client)
    answer(exchange_keys, pending, outcome="rejected", reason="name_mismatch")
    page = client.get("/accounts/me/").content.decode()
    assert "姓名与该居民身份证号码登记的姓名不一致" in page
    first_request = pending.verification_request_id
    response = client.post("/accounts/me/verification/retry/", {"name": "张叁"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.name == "张叁" and pending.verification == "pending"
    assert pending.verification_request_id != first_request
    assert OutboxEntry.objects.filter(type="identity.verify.request").count() == 2


def test_a_late_answer_to_an_old_request_is_ignored(client, pending, exchange_keys):
    old = pending.verification_request_id
    answer(exchange_keys, pending, outcome="rejected", reason="name_mismatch")
    pending.refresh_from_db()
    services.retry_verification(pending, "张三")
    # The old request's answer arrives again (re-sent by the intranet with a new envelope).
    answer(exchange_keys, pending, outcome="verified", reason="match", seq=2, request_id=old)
    pending.refresh_from_db()
    assert pending.verification == "pending"


def test_an_answer_signed_by_anyone_else_changes_nothing(pending, exchange_keys, tmp_path):
    from policeonline.exchange.keys import Keyring

    forger = Keyring(tmp_path / "forger", "intranet")
    forger.create()
    body = {"request_id": pending.verification_request_id, "account_ref": pending.account_ref,
            "outcome": "verified", "reason": "match"}
    _, data = seal(RESULT, body, keyring=forger, seq=1)
    assert process(default_endpoint(), data, "forged").quarantined == 1
    pending.refresh_from_db()
    assert pending.verification == "pending"
    assert QuarantinedEnvelope.objects.get().reason == "unknown_key"


def test_retry_is_refused_unless_failed(client, pending):
    sign_in(client)
    client.post("/accounts/me/verification/retry/", {"name": "别人"})
    pending.refresh_from_db()
    assert pending.name == "张三"


def test_api_me_needs_a_session(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_the_verification_panel_in_english(client, pending, exchange_keys):
    sign_in(client)
    client.cookies["lang"] = "en"
    assert "Verifying your identity" in client.get("/accounts/me/verification/").content.decode()
    answer(exchange_keys, pending, outcome="rejected", reason="not_found")
    html = client.get("/accounts/me/verification/").content.decode()
    assert "Real-name verification failed" in html and "was not found in the population" in html
