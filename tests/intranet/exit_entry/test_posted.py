"""Exit-entry documents delivered by post (ADR 0029): after approval the clerk issues for
posting (the applicant's choice decides which issue step is offered), then records the postal
tracking number, which reaches the applicant's timeline; a bad number changes nothing."""

import json

import pytest

from policeonline.cases import engine
from policeonline.cases.models import Case
from policeonline.exchange.envelope import decode_body, open_envelope
from policeonline.exchange.models import OutboxEntry
from policeonline.payments.desk.models import FeeRequest
from tests.intranet.cases.conftest import receipt_for

pytestmark = pytest.mark.django_db


def approved_and_paid(portal, officers, delivery):
    crj = engine.Actor.officer(officers["other"])  # exit-entry clerk, approver and supervisor
    app_id, _ = portal.submit("CRJ-001")
    case = Case.objects.get(application_id=app_id)
    Case.objects.filter(pk=case.pk).update(data_json=json.dumps({**case.data, **delivery}))
    for step in ("accept", "invite_visit", "record_visit", "approve", "request_payment"):
        engine.perform(case.pk, step, crj, note="（测试）")
    fee = FeeRequest.objects.get(case=case)
    portal.send("payment.confirmed", {
        "request_id": str(fee.request_id), "application_id": app_id, "receipt_no": receipt_for(app_id),
        "order_no": "F20261127ABCDEFGHJK", "amount_fen": fee.amount_fen, "paid_at": "2026-11-27T10:00:00Z"})
    case.refresh_from_db()
    assert case.state == "approved"
    return case, crj


POST = {"delivery_method": "post", "delivery_recipient": "赵六", "delivery_phone": "13900000009",
        "delivery_address": "济南市历下区泉城路1号"}


def last_update(exchange_keys) -> dict:
    entry = OutboxEntry.objects.filter(type="case.updated").order_by("id").last()
    return decode_body(open_envelope(bytes(entry.data), zone="internet", keyring=exchange_keys["internet"],
                                     max_bytes=1 << 20))


def test_a_posted_passport_gets_its_tracking_number_on_the_timeline(portal, officers, exchange_keys):
    case, crj = approved_and_paid(portal, officers, POST)
    names = [t.name for t in engine.allowed_transitions(case, crj)]
    assert "issue_by_post" in names and "issue" not in names
    with pytest.raises(engine.NotAllowed, match="邮政寄递|delivery by post"):
        engine.perform(case.pk, "issue", crj)
    case = engine.perform(case.pk, "issue_by_post", crj)
    assert case.state == "posting" and case.is_open
    events = case.events.count()
    for bad in ("", "123", "EA1234-56789CN", "X" * 31):
        with pytest.raises(engine.NotAllowed, match="邮件号|tracking number"):
            engine.perform(case.pk, "mail", crj, tracking=bad)
    case.refresh_from_db()
    assert case.state == "posting" and case.events.count() == events
    case = engine.perform(case.pk, "mail", crj, tracking="ea 1234 5678 9cn")
    assert case.state == "completed" and case.outcome == "granted"
    event = case.events.order_by("seq").last()
    assert event.detail["tracking_no"] == "EA123456789CN" and "EA123456789CN" in event.note
    body = last_update(exchange_keys)
    assert body["action"] == "mail" and "EA123456789CN" in body["note"] and body["state"] == "completed"


def test_a_collected_document_is_issued_as_before(portal, officers):
    case, crj = approved_and_paid(portal, officers, {"delivery_method": "collect"})
    names = [t.name for t in engine.allowed_transitions(case, crj)]
    assert "issue" in names and "issue_by_post" not in names
    assert engine.perform(case.pk, "issue", crj).state == "completed"


def test_the_officer_enters_the_number_on_the_case_page(client, portal, officers):
    from tests.intranet.conftest import sign_in

    case, crj = approved_and_paid(portal, officers, POST)
    engine.perform(case.pk, "issue_by_post", crj)
    engine.claim(case.pk, crj)
    sign_in(client, officers["other"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="tracking"' in page
    client.post(f"/cases/{case.pk}/act/mail/", {"tracking": "SF1234567890"})
    case.refresh_from_db()
    assert case.state == "completed" and "SF1234567890" in case.events.order_by("seq").last().note
