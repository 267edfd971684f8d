"""Every one of the 105 items can be applied for through the API: valid data accepted with a
receipt number, invalid data refused with field errors and nothing sent."""

import re

import pytest

from policeonline.applications.demo_files import sample_for
from policeonline.applications.models import Application
from policeonline.catalog.models import Item
from policeonline.exchange.models import OutboxEntry
from policeonline.formspec import form_for

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def item_codes():
    from policeonline.catalog.loader import DATA_DIR, read_catalog

    return [item.code for category in read_catalog(DATA_DIR).categories for item in category.items]


def sign_in(client, identifier):
    assert client.post("/accounts/login/", {"username": identifier, "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("code", item_codes())
def test_apply_for_every_item_through_the_api(client, citizen, company, code):
    item = Item.objects.get(code=code)
    user = company if item.applicant == "company" else citizen
    sign_in(client, user.credit_code if user.kind == "company" else "13800000001")
    form = form_for(item)
    created = client.post("/api/v1/applications", {"item_code": code}, content_type="application/json")
    assert created.status_code == 201, created.content
    app_id = created.json()["id"]
    url = f"/api/v1/applications/{app_id}"

    # Submitting an empty draft is refused field by field, and nothing is sent.
    required = [f.name for f in form.fields if f.required and not f.when and not f.prefill]
    if required or any(s.required for s in form.slots):
        client.patch(url, {"data": dict.fromkeys(required)}, content_type="application/json")
        refused = client.post(f"{url}/submit")
        assert refused.status_code == 422
        fields = refused.json()["error"]["fields"]
        draft = Application.objects.get(pk=app_id).data
        expected = set(required) | {f"upload-{s.name}" for s in form.missing_uploads(set(), draft)}
        assert expected <= set(fields)
        assert not OutboxEntry.objects.filter(type="application.submitted").exists()

    # A malformed value gets a field error at once.
    typed = next((f for f in form.fields if f.type in ("id_number", "phone", "plate", "credit_code")
                  and not f.readonly), None)
    if typed is not None:
        bad = client.patch(url, {"data": {typed.name: "12345"}}, content_type="application/json")
        assert bad.status_code == 422 and typed.name in bad.json()["error"]["fields"]

    example = form.example(_identity(user))
    if "guarantor" in item.needs:  # the guarantor named must hold a verified account (guarantors)
        from .conftest import make_user
        make_user(name=example["guarantor_name"], id_number=example["guarantor_id_number"],
                  phone="13800000099")
    saved = client.patch(url, {"data": example}, content_type="application/json")
    assert saved.status_code == 200, saved.content
    needed = form.missing_uploads(set(), example)
    for slot in needed:
        name, content = sample_for(slot)
        uploaded = client.post(f"{url}/files/{slot.name}", {"file": _file(name, content)})
        assert uploaded.status_code == 201, uploaded.content
    submitted = client.post(f"{url}/submit")
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert re.fullmatch(r"JN-\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", body["receipt_no"])
    assert body["status"] == "sent"
    assert OutboxEntry.objects.filter(type="application.submitted").count() == 1
    assert OutboxEntry.objects.filter(type="application.attachment").count() == len(needed)
    # Submitting twice changes nothing.
    again = client.post(f"{url}/submit")
    assert again.status_code == 422
    assert OutboxEntry.objects.filter(type="application.submitted").count() == 1
    assert Application.objects.get(pk=app_id).receipt_no == body["receipt_no"]


def _identity(user):
    from policeonline.applications.services import identity_of

    return identity_of(user)


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)
