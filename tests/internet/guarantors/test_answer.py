"""The guarantor's answer: confirm and decline through the pages (with the confirmation step)
and the API, the envelope to the case, the timeout, and nobody else's request visible."""

import json
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from policeonline.guarantors.portal.models import GuaranteeRequest
from policeonline.notifications.models import Message

from .conftest import make_user, outbox_bodies, submitted


def _sign_in(client, user):
    client.force_login(user)


def test_confirm_through_the_page_with_a_confirmation_step(client, applicant, guarantor, exchange_keys):
    app = submitted(applicant)
    request = GuaranteeRequest.objects.get()
    _sign_in(client, guarantor)
    inbox = client.get("/guarantees/").content.decode()
    assert "赵六" in inbox and applicant.id_masked in inbox and applicant.id_number not in inbox
    page = client.get(f"/guarantees/{request.pk}/").content.decode()
    assert applicant.id_masked in page and applicant.phone not in page and applicant.id_number not in page
    assert client.get(f"/guarantees/{request.pk}/confirm/").status_code == 200
    client.post(f"/guarantees/{request.pk}/confirm/", {})  # the box not ticked: nothing happens
    request.refresh_from_db()
    assert request.status == "pending" and not outbox_bodies(exchange_keys, "guarantee.response")
    response = client.post(f"/guarantees/{request.pk}/confirm/", {"sure": "yes"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "confirmed" and request.answered_at
    [body] = outbox_bodies(exchange_keys, "guarantee.response")
    assert body["outcome"] == "confirmed" and body["application_id"] == str(app.pk)
    assert body["guarantor_id_masked"] == guarantor.id_masked and body["round"] == 1
    assert Message.objects.filter(recipient=applicant, title__contains="已确认").exists()
    # answered once only
    client.post(f"/guarantees/{request.pk}/decline/", {"sure": "yes"})
    request.refresh_from_db()
    assert request.status == "confirmed" and len(outbox_bodies(exchange_keys, "guarantee.response")) == 1


def test_decline_then_the_case_comes_back_and_another_guarantor_is_named(
        client, applicant, guarantor, intranet, exchange_keys):
    app = submitted(applicant)
    request = GuaranteeRequest.objects.get()
    _sign_in(client, guarantor)
    client.post(f"/guarantees/{request.pk}/decline/", {"sure": "yes"})
    [body] = outbox_bodies(exchange_keys, "guarantee.response")
    assert body["outcome"] == "declined"
    # the intranet returns the case with the guarantor's fields to correct
    intranet.update(app, "receive", "submitted")
    intranet.update(app, "guarantee_declined", "submitted", note="担保人未同意担保。")
    intranet.update(app, "request_supplement", "supplement",
                    note="担保人未同意担保。请更换担保人后重新提交。",
                    supplement_fields=["guarantor_id_number", "guarantor_name", "guarantor_phone"])
    app.refresh_from_db()
    assert app.awaiting_supplement and "担保人" in app.supplement_note
    other = make_user(name="孙七", id_number="370103199204120039", phone="13800000017")
    from policeonline.applications import services
    services.save_draft(app.pk, applicant, {"guarantor_name": "孙七", "guarantor_id_number": other.id_number,
                                            "guarantor_phone": other.phone})
    services.resubmit(app.pk, applicant)
    new = GuaranteeRequest.objects.get(guarantor=other)
    assert new.round == 2 and new.status == "pending"
    assert client.get(f"/applications/{app.pk}/").status_code == 404  # the guarantor's view
    _sign_in(client, applicant)
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "请更换担保人" in page
    assert other.id_masked in page and other.id_number not in page  # the guarantee panel


def test_timeout_returns_through_the_case_and_is_idempotent(applicant, guarantor, exchange_keys):
    submitted(applicant)
    request = GuaranteeRequest.objects.get()
    call_command("guarantees", "expire")
    assert GuaranteeRequest.objects.get().status == "pending"  # not yet due
    GuaranteeRequest.objects.update(due_on=timezone.localdate() - timedelta(days=1))
    call_command("guarantees", "expire")
    call_command("guarantees", "expire")
    request.refresh_from_db()
    assert request.status == "expired"
    [body] = outbox_bodies(exchange_keys, "guarantee.response")
    assert body["outcome"] == "expired"
    assert Message.objects.filter(recipient=applicant, title__contains="未在期限内").exists()


def test_nobody_else_sees_or_answers_a_request(client, applicant, guarantor, exchange_keys):
    submitted(applicant)
    request = GuaranteeRequest.objects.get()
    for user in (applicant, make_user(name="路人", id_number="370103199204120039", phone="13800000017")):
        _sign_in(client, user)
        assert client.get(f"/guarantees/{request.pk}/").status_code == 404
        assert client.post(f"/guarantees/{request.pk}/confirm/", {"sure": "yes"}).status_code == 404
        assert client.get(f"/api/v1/guarantees/{request.pk}").status_code == 404
        assert client.post(f"/api/v1/guarantees/{request.pk}/confirm", json.dumps({"sure": True}),
                           content_type="application/json").status_code == 404
        assert client.get("/api/v1/guarantees").json() == []
    request.refresh_from_db()
    assert request.status == "pending" and not outbox_bodies(exchange_keys, "guarantee.response")
    client.logout()
    assert client.get(f"/guarantees/{request.pk}/").status_code == 302
    assert client.get("/api/v1/guarantees").status_code == 401


def test_the_api(client, applicant, guarantor, exchange_keys):
    submitted(applicant)
    request = GuaranteeRequest.objects.get()
    _sign_in(client, guarantor)
    [row] = client.get("/api/v1/guarantees").json()
    assert row["applicant_id_masked"] == applicant.id_masked and row["item_code"] == "SF-005"
    assert set(row) == {"id", "applicant_name", "applicant_id_masked", "item_code", "item_name", "status",
                        "due_on", "created_at", "answered_at"}
    url = f"/api/v1/guarantees/{request.pk}/decline"
    assert client.post(url, json.dumps({"sure": False}), content_type="application/json").status_code == 422
    answer = client.post(url, json.dumps({"sure": True}), content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "declined"
    again = client.post(url, json.dumps({"sure": True}), content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "answered"


def test_a_closed_application_frees_the_guarantor(client, applicant, guarantor, intranet, exchange_keys):
    app = submitted(applicant)
    request = GuaranteeRequest.objects.get()
    intranet.update(app, "receive", "submitted")
    intranet.update(app, "withdraw", "withdrawn", outcome="withdrawn")
    _sign_in(client, guarantor)
    client.post(f"/guarantees/{request.pk}/confirm/", {"sure": "yes"})
    request.refresh_from_db()
    assert request.status == "pending" and not request.is_open
    assert not outbox_bodies(exchange_keys, "guarantee.response")
    GuaranteeRequest.objects.update(due_on=timezone.localdate() - timedelta(days=1))
    call_command("guarantees", "expire")
    request.refresh_from_db()
    assert request.status == "superseded" and not outbox_bodies(exchange_keys, "guarantee.response")
