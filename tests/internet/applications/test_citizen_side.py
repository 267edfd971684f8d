"""The citizen's side through the portal: apply, save, review, submit, follow the case as the
intranet's log arrives, answer a supplement request, withdraw, download — and nobody else
sees any of it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from policeonline.applications import services
from policeonline.applications.demo_files import sample_for, sample_pdf
from policeonline.applications.models import Application
from policeonline.catalog.models import Item
from policeonline.exchange.models import OutboxEntry
from policeonline.formspec import form_for
from policeonline.notifications.models import Message

from .conftest import PASSWORD, make_user, outbox_bodies

pytestmark = pytest.mark.django_db
ITEM = "ZA-001"  # 无犯罪记录证明


def sign_in(client, phone="13800000001"):
    assert client.post("/accounts/login/", {"username": phone, "password": PASSWORD}).status_code == 302


def submitted_app(user, code=ITEM) -> Application:
    item = Item.objects.get(code=code)
    app = services.start(user, item)
    form = form_for(item)
    data = form.example(services.identity_of(user))
    _, errors = services.save_draft(app.pk, user, data)
    assert not errors
    for slot in form.missing_uploads(set(), data):
        services.attach(app.pk, user, slot.name, *sample_for(slot))
    return services.submit(app.pk, user)


def test_an_unverified_account_cannot_start(client, db):
    user = make_user(verified=False, name="张三", id_number="37010219900307106X", phone="13800000001")
    sign_in(client)
    page = client.get(f"/apply/{ITEM}/")
    assert "实名认证" in page.content.decode()
    client.post(f"/apply/{ITEM}/")
    assert not Application.objects.filter(owner=user).exists()


def test_a_person_cannot_apply_for_a_company_item(citizen):
    company_item = Item.objects.filter(applicant="company").first()
    with pytest.raises(services.Refused):
        services.start(citizen, company_item)


def test_apply_through_the_portal_pages(client, citizen, exchange_keys):
    sign_in(client)
    response = client.post(f"/apply/{ITEM}/")
    app = Application.objects.get(owner=citizen)
    assert response.url == f"/applications/{app.pk}/edit/"
    page = client.get(response.url).content.decode()
    assert citizen.name in page  # prefilled from the verified identity
    form = form_for(app.item)
    example = form.example(services.identity_of(citizen))
    post = {"action": "review"}
    for field in form.fields:
        value = example.get(field.name)
        if isinstance(value, dict):
            post.update({f"{field.name}-{k}": v for k, v in value.items()})
        elif isinstance(value, list):
            post[field.name] = value
        elif isinstance(value, bool):
            if value:
                post[field.name] = "on"
        elif value is not None:
            post[field.name] = str(value)
    for slot in form.missing_uploads(set(), example):
        name, content = sample_for(slot)
        post[f"upload-{slot.name}"] = SimpleUploadedFile(name, content)
    response = client.post(f"/applications/{app.pk}/edit/", post)
    assert response.status_code == 302 and response.url.endswith("/review/"), response.content.decode()[:3000]
    review = client.get(response.url).content.decode()
    assert "提交申请" in review or "Submit application" in review
    response = client.post(f"/applications/{app.pk}/review/")
    app.refresh_from_db()
    assert app.status == "sent" and app.receipt_no
    detail = client.get(f"/applications/{app.pk}/").content.decode()
    assert app.receipt_no in detail
    assert "37010219900307106X" not in detail and "370102********106X" in detail  # masked
    sent = outbox_bodies(exchange_keys, "application.submitted")
    assert sent[0]["receipt_no"] == app.receipt_no and sent[0]["applicant"]["name"] == "张三"


def test_a_bad_field_is_refused_and_the_draft_keeps_what_was_good(client, citizen):
    sign_in(client)
    client.post(f"/apply/{ITEM}/")
    app = Application.objects.get(owner=citizen)
    form = form_for(app.item)
    phone = next((f for f in form.fields if f.type == "phone" and not f.readonly), None)
    if phone is None:
        pytest.skip("this form has no editable phone field")
    response = client.post(f"/applications/{app.pk}/edit/", {phone.name: "12345", "action": "save"})
    assert response.status_code == 422
    app.refresh_from_db()
    assert app.data.get(phone.name) != "12345"


def test_an_exe_renamed_pdf_is_refused(citizen):
    item = Item.objects.get(code=ITEM)
    app = services.start(citizen, item)
    slots = form_for(item).slots
    if not slots:
        pytest.skip("no upload slot")
    with pytest.raises(services.Refused):
        services.attach(app.pk, citizen, slots[0].name, "scan.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    assert not app.attachments.exists()


def test_the_case_log_updates_status_timeline_and_notifies(client, citizen, intranet):
    app = submitted_app(citizen)
    app.refresh_from_db()
    assert intranet.update(app, "receive", "submitted", due_date="2026-12-01").applied == 1
    assert intranet.update(app, "accept", "examining", due_date="2026-12-09").applied == 1
    app.refresh_from_db()
    assert app.status == "open" and app.state == "examining" and str(app.due_date) == "2026-12-09"
    assert Message.objects.filter(recipient=citizen).count() == 2
    sign_in(client)
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "审核中" in page and "受理" in page
    # A replayed update changes nothing.
    intranet.case_seq[app.pk] = 1
    intranet.update(app, "accept", "examining")
    assert app.events.filter(action="accept").count() == 1


def test_supplement_round_trip(client, citizen, intranet, exchange_keys):
    app = submitted_app(citizen)
    form = form_for(app.item)
    intranet.update(app, "receive", "submitted")
    slots = [s.name for s in form.slots][:1]
    intranet.update(app, "request_supplement", "supplement", note="照片不清晰，请重新上传",
                    supplement_slots=slots)
    app.refresh_from_db()
    assert app.awaiting_supplement and app.supplement_note == "照片不清晰，请重新上传"
    sign_in(client)
    page = client.get(f"/applications/{app.pk}/edit/").content.decode()
    assert "照片不清晰" in page
    if slots:  # the file asked for is marked where the citizen uploads it
        assert page.count("办理部门要求更正此项") >= 1 and 'aria-invalid="true"' in page
    if slots:
        with pytest.raises(services.Refused):
            services.resubmit(app.pk, citizen)  # the asked-for file is not replaced yet
        services.attach(app.pk, citizen, slots[0], "new.pdf", sample_pdf("corrected"))
    services.resubmit(app.pk, citizen)
    sent = outbox_bodies(exchange_keys, "application.action")
    assert sent[-1]["action"] == "resubmit" and sent[-1]["round"] == 2
    intranet.update(app, "resubmit", "submitted")
    app.refresh_from_db()
    assert not app.awaiting_supplement and app.state == "submitted" and app.pending_action == ""


def test_refusal_reason_is_shown(client, citizen, intranet):
    app = submitted_app(citizen)
    intranet.update(app, "receive", "submitted")
    intranet.update(app, "refuse", "refused", outcome="refused", reason_code="outside_competence",
                    note="请向户籍地申请")
    app.refresh_from_db()
    assert app.status == "closed" and app.outcome == "refused"
    sign_in(client)
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "不属于本机关职权范围" in page and "请向户籍地申请" in page


def test_withdraw_before_acceptance(client, citizen, intranet, exchange_keys):
    app = submitted_app(citizen)
    intranet.update(app, "receive", "submitted")
    sign_in(client)
    client.post(f"/applications/{app.pk}/withdraw/")
    assert outbox_bodies(exchange_keys, "application.action")[-1]["action"] == "withdraw"
    intranet.update(app, "withdraw", "withdrawn", outcome="withdrawn")
    app.refresh_from_db()
    assert app.status == "closed" and app.outcome == "withdrawn"
    response = client.post(f"/applications/{app.pk}/withdraw/")  # twice: refused, nothing sent
    assert len(outbox_bodies(exchange_keys, "application.action")) == 1
    assert response.status_code == 302


def test_someone_elses_application_is_not_found_anywhere(client, citizen, other_citizen):
    app = submitted_app(citizen, "JZ-003")  # 居住证签注: always with a file
    attachment = app.attachments.first()
    assert attachment is not None
    sign_in(client)  # the owner downloads it, on the page and through the API
    for url in (f"/applications/{app.pk}/files/{attachment.pk}/",
                f"/api/v1/applications/{app.pk}/files/{attachment.pk}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response) == attachment.file.open("rb").read()
    client.logout()
    sign_in(client, "13800000002")
    assert client.get(f"/applications/{app.pk}/").status_code == 404
    assert client.get(f"/applications/{app.pk}/edit/").status_code == 404
    assert client.post(f"/applications/{app.pk}/withdraw/").status_code == 404
    assert client.get(f"/api/v1/applications/{app.pk}").status_code == 404
    assert client.get(f"/api/v1/applications/by-receipt/{app.receipt_no}").status_code == 404
    assert client.get("/api/v1/applications").json() == []
    found = client.get(f"/applications/find/?no={app.receipt_no}")
    assert found.status_code == 302 and str(app.pk) not in found.url
    assert client.get(f"/applications/{app.pk}/files/{attachment.pk}/").status_code == 404
    assert client.get(f"/api/v1/applications/{app.pk}/files/{attachment.pk}").status_code == 404
    assert OutboxEntry.objects.filter(type="application.action").count() == 0


def test_a_tampered_receipt_number_is_recognised(client, citizen):
    app = submitted_app(citizen)
    sign_in(client)
    last = app.receipt_no[-1]
    tampered = app.receipt_no[:-1] + ("A" if last != "A" else "B")
    response = client.get(f"/api/v1/applications/by-receipt/{tampered}")
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_receipt_no"
    assert client.get(f"/api/v1/applications/by-receipt/{app.receipt_no}").status_code == 200


def test_an_unverified_account_asks_for_verification_from_its_page(client, db, exchange_keys):
    user = make_user(verified=False, name="张三", id_number="37010219900307106X", phone="13800000001")
    sign_in(client)
    assert 'id="start-verification"' in client.get("/accounts/me/").content.decode()
    client.post("/accounts/me/verification/start/")
    user.refresh_from_db()
    assert user.verification == "pending"
    assert outbox_bodies(exchange_keys, "identity.verify.request")[0]["name"] == "张三"


def test_an_email_address_gets_application_updates_too(client, citizen, intranet, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    sign_in(client)
    client.post("/accounts/me/", {"email": "not-an-address"})
    citizen.refresh_from_db()
    assert citizen.email == ""
    client.post("/accounts/me/", {"email": "zhangsan@example.cn"})
    citizen.refresh_from_db()
    assert citizen.email == "zhangsan@example.cn"
    app = submitted_app(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        intranet.update(app, "receive", "submitted")
    assert mailoutbox and app.receipt_no in mailoutbox[-1].body
    assert mailoutbox[-1].to == ["zhangsan@example.cn"]
