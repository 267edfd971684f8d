"""What a submission answers and leaves behind, checked field by field: the refusals a citizen
reads (the same every time, whatever the process has seen before) and, once accepted, the one
transaction's rows — the application, its timeline, the audit entry and the envelopes in order."""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from stdnum.cn import ric

from policeonline.applications.demo_files import sample_for
from policeonline.applications.models import Application, Event
from policeonline.audit.models import AuditEvent
from policeonline.exchange.models import OutboxEntry
from policeonline.formspec import form_for
from policeonline.workflow.routing import workflow_of

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, citizen):
    signed_in = client.post("/accounts/login/", {"username": "13800000001", "password": PASSWORD})
    assert signed_in.status_code == 302
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _draft(api, code: str) -> str:
    created = api.post("/api/v1/applications", {"item_code": code}, content_type="application/json")
    assert created.status_code == 201, created.content
    return created.json()["id"]


def _store(app_id: str, data: dict) -> None:
    """Data as an older form version may have left it in a draft (not checked on the way in)."""
    app = Application.objects.get(pk=app_id)
    app.data_json = json.dumps(data, ensure_ascii=False)
    app.save(update_fields=["data_json"])


def test_a_refused_submission_names_each_missing_field_and_file_and_sends_nothing(api):
    app_id = _draft(api, "CRJ-001")
    answer = api.patch(f"/api/v1/applications/{app_id}", {"data": {"state_employee": True}},
                       content_type="application/json")
    assert answer.status_code == 200, answer.content
    refused = api.post(f"/api/v1/applications/{app_id}/submit")
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["message"] == "Please correct the marked fields."
    # Prefilled identity fields are there; every other required field, and the state employee's
    # approval (required only because the box is ticked), is named with its message.
    assert error["fields"] == {
        **{name: ["This field is required."] for name in (
            "hukou_address", "travel_purpose", "destination_country", "emergency_contact_name",
            "emergency_contact_phone", "delivery_method")},
        "declaration": ["Tick this box to continue."],
        "upload-state_approval": ["Upload this material."],
    }
    app = Application.objects.get(pk=app_id)
    assert (app.status, app.receipt_no) == ("draft", None)
    assert not OutboxEntry.objects.exists() and not Event.objects.exists()
    assert not AuditEvent.objects.filter(action="application.submitted").exists()


def test_a_bad_id_number_in_a_draft_is_refused_with_the_same_words_every_time(api, citizen):
    app_id = _draft(api, "CRJ-001")
    form = form_for(Application.objects.get(pk=app_id).item)
    example = form.example({"name": citizen.name, "id_number": citizen.id_number, "phone": citizen.phone})
    for _attempt in range(2):  # the second answer comes from what the process already checked
        _store(app_id, {**example, "state_employee": False, "applicant_id_number": "370102199003071061"})
        refused = api.post(f"/api/v1/applications/{app_id}/submit")
        assert refused.status_code == 422
        assert refused.json()["error"]["fields"] == {"applicant_id_number": [
            "The last character (check digit) of this ID number is wrong. Please check the number."]}
    body = "37010219901307106"  # born in the thirteenth month
    _store(app_id, {**example, "state_employee": False,
                    "applicant_id_number": body + ric.calc_check_digit(body + "0")})
    refused = api.post(f"/api/v1/applications/{app_id}/submit")
    assert refused.json()["error"]["fields"] == {"applicant_id_number": [
        "The date of birth in this ID number is not a valid date."]}
    assert not OutboxEntry.objects.exists()


def test_an_accepted_submission_writes_everything_in_one_go(api, citizen, exchange_keys):
    app_id = _draft(api, "CRJ-001")
    before = Application.objects.get(pk=app_id)
    form = form_for(before.item)
    example = form.example({"name": citizen.name, "id_number": citizen.id_number, "phone": citizen.phone})
    data = {**example, "state_employee": True}
    assert api.patch(f"/api/v1/applications/{app_id}", {"data": data},
                     content_type="application/json").status_code == 200
    for slot in ("state_approval",):
        name, content = sample_for(form.slots_by_name[slot])
        assert api.post(f"/api/v1/applications/{app_id}/files/{slot}",
                        {"file": SimpleUploadedFile(name, content)}).status_code == 201

    answer = api.post(f"/api/v1/applications/{app_id}/submit")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    app = Application.objects.get(pk=app_id)
    # The answer is what was stored.
    assert (body["status"], body["state"], body["receipt_no"]) == ("sent", "sent", app.receipt_no)
    assert body["data"] == app.data and app.data["state_employee"] is True
    assert [f["slot"] for f in body["files"]] == ["state_approval"]
    assert [(e["action"], e["state"]) for e in body["timeline"]] == [("submit", "sent")]
    assert (body["editable"], body["withdrawable"]) == (False, True)
    # The row: sent, round 1, its workflow, touched; the data still encrypted at rest.
    assert (app.status, app.round, app.workflow) == ("sent", 1, workflow_of(app.item))
    assert app.updated_at > before.updated_at and app.submitted_at is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT data_json FROM applications_application WHERE receipt_no = %s",
                       [app.receipt_no])
        assert "state_employee" not in cursor.fetchone()[0]
    # Its timeline, its audit entry, and the file then the submission on one stream, in order.
    assert [(e.action, e.state, e.at) for e in app.events.all()] == [("submit", "sent", app.submitted_at)]
    audit = AuditEvent.objects.get(action="application.submitted")
    assert (audit.actor, audit.target, audit.detail) == \
        (citizen.account_ref, app.receipt_no, {"item": "CRJ-001"})
    entries = list(OutboxEntry.objects.order_by("seq"))
    assert [e.type for e in entries] == ["application.attachment", "application.submitted"]
    assert len({e.stream_id for e in entries}) == 1
    assert [e.seq for e in entries] == [entries[0].seq, entries[0].seq + 1]
    queued = AuditEvent.objects.filter(action="envelope.queued").order_by("id")
    assert [a.target for a in queued] == [f"{e.type}#{e.seq}" for e in entries]
    assert [a.detail["envelope"] for a in queued] == [str(e.envelope_id) for e in entries]
