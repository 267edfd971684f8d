"""Real-name verification, intranet side: requests are compared with the population
registry, answered across the boundary, recorded, and a wanted person raises a duty alert."""

import uuid

import pytest

from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import seal
from policeonline.exchange.inbox import process
from policeonline.exchange.models import OutboxEntry
from policeonline.registry.demo import ensure_demo_people
from policeonline.registry.demo_people import LI_SI, NOT_REGISTERED_ID, WANG_WU, ZHANG_SAN
from policeonline.verification.models import DutyAlert, VerificationRecord

from .conftest import make_officer, sign_in

pytestmark = pytest.mark.django_db
REQUEST = types.get("identity.verify.request", 1, "internet")


@pytest.fixture(autouse=True)
def registry(db):
    ensure_demo_people()


def ask(exchange_keys, name, id_number, seq=1):
    body = {"request_id": str(uuid.uuid4()), "account_ref": f"account:{seq}", "name": name,
            "id_number": id_number}
    _, data = seal(REQUEST, body, keyring=exchange_keys["internet"], seq=seq)
    tally = process(default_endpoint(), data, "test")
    assert tally.applied == 1
    return VerificationRecord.objects.get(request_id=body["request_id"])


def answer_sent():
    entry = OutboxEntry.objects.filter(type="identity.verify.result").order_by("-seq").first()
    return bytes(entry.data)


@pytest.mark.parametrize(("name", "id_number", "outcome", "reason"), [
    (ZHANG_SAN["name"], ZHANG_SAN["id_number"], "verified", "match"),
    (LI_SI["name"], LI_SI["id_number"], "verified", "match"),
    ("张三丰", ZHANG_SAN["id_number"], "rejected", "name_mismatch"),
    ("孙七", NOT_REGISTERED_ID, "rejected", "not_found"),
])
def test_requests_are_answered_from_the_registry(exchange_keys, name, id_number, outcome, reason):
    record = ask(exchange_keys, name, id_number)
    assert (record.outcome, record.reason) == (outcome, reason)
    assert f'"outcome":"{outcome}"'.encode() in answer_sent()
    assert f'"reason":"{reason}"'.encode() in answer_sent()
    assert id_number.encode() not in answer_sent()  # the answer carries no ID number
    assert record.id_masked == id_number[:6] + "********" + id_number[-4:]


def test_an_inactive_registration_is_rejected(exchange_keys):
    from policeonline.registry.lookup import find_person

    person = find_person(LI_SI["id_number"])
    person.status = "deceased"
    person.save()
    assert ask(exchange_keys, LI_SI["name"], LI_SI["id_number"]).reason == "record_inactive"


def test_a_wanted_person_alerts_the_duty_officer_and_gets_the_usual_answer(exchange_keys):
    record = ask(exchange_keys, WANG_WU["name"], WANG_WU["id_number"])
    assert record.outcome == "verified" and record.wanted_hit
    alert = DutyAlert.objects.get()
    assert alert.kind == "wanted_person_verification" and "王五" in alert.summary
    assert WANG_WU["id_number"] not in alert.summary
    answer = answer_sent()
    assert b"wanted" not in answer and b'"outcome":"verified"' in answer


def test_duty_officer_sees_and_acknowledges_the_alert(client, exchange_keys):
    ask(exchange_keys, WANG_WU["name"], WANG_WU["id_number"])
    duty = make_officer("910101", None, ["duty_officer"])
    sign_in(client, duty)
    page = client.get("/verification/alerts/").content.decode()
    assert "在逃人员网上实名认证" in page
    alert = DutyAlert.objects.get()
    client.post(f"/verification/alerts/{alert.pk}/acknowledge/")
    alert.refresh_from_db()
    assert alert.acknowledged_by == "910101"


def test_verification_history_is_for_authorised_officers_only(client, exchange_keys):
    ask(exchange_keys, ZHANG_SAN["name"], ZHANG_SAN["id_number"])
    population = make_officer("100201", "population", ["clerk"])
    sign_in(client, population)
    page = client.get("/verification/").content.decode()
    assert "370102********106X" in page and ZHANG_SAN["id_number"] not in page
    client.post("/officers/logout/")
    other = make_officer("200201", "exit_entry", ["clerk"])
    sign_in(client, other)
    assert client.get("/verification/").status_code == 403
    assert client.get("/verification/alerts/").status_code == 403


def test_viewing_history_is_audited(client, exchange_keys):
    from policeonline.audit.models import AuditEvent

    sign_in(client, make_officer("100202", "population", ["clerk"]))
    client.get("/verification/")
    assert AuditEvent.objects.filter(actor="100202", action="verification.history.viewed").exists()


def test_exchange_page_shows_health_and_quarantine(client, exchange_keys):
    process(default_endpoint(), b"garbage", "test-garbage")
    admin = make_officer("900201", None, ["admin"])
    sign_in(client, admin)
    page = client.get("/exchange/").content.decode()
    assert "bad_version" in page
    clerk = make_officer("100203", "population", ["clerk"])
    client.post("/officers/logout/")
    sign_in(client, clerk)
    assert client.get("/exchange/").status_code == 403


def test_every_reason_the_intranet_can_give_has_a_label():
    from policeonline.messages.identity import REASONS

    assert set(REASONS) == set(VerificationRecord.Reason.values)
