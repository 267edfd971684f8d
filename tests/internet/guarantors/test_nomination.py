"""Naming a guarantor: what the portal can check without the registries is refused at once,
with the message on the guarantor's fields, and nothing is submitted or asked."""

import pytest

from policeonline.accounts.citizens.models import User
from policeonline.applications import services
from policeonline.applications.models import Application
from policeonline.exchange.models import OutboxEntry
from policeonline.guarantors.portal.models import GuaranteeRequest
from policeonline.guarantors.rules import rules
from policeonline.notifications.models import Message

from .conftest import APPLICANT, GUARANTOR, draft, make_user, submitted


def _refused(app, user, field="guarantor_id_number"):
    requests, sent = GuaranteeRequest.objects.count(), OutboxEntry.objects.count()
    with pytest.raises(services.Refused) as caught:
        services.submit(app.pk, user)
    app.refresh_from_db()
    assert app.status == Application.Status.DRAFT and app.receipt_no is None
    assert GuaranteeRequest.objects.count() == requests and OutboxEntry.objects.count() == sent
    assert caught.value.errors[field] == [caught.value.message]
    return caught.value


def test_submission_asks_the_guarantor(applicant, guarantor):
    app = submitted(applicant)
    request = GuaranteeRequest.objects.get()
    assert (request.application_id, request.guarantor, request.round) == (app.pk, guarantor, 1)
    assert request.applicant_name == "赵六" and request.applicant_id_masked == applicant.id_masked
    assert request.status == "pending" and request.due_on > app.submitted_at.date()
    message = Message.objects.get(recipient=guarantor)
    assert "担保" in message.title and str(request.pk) in message.link


def test_not_oneself(applicant):
    app = draft(applicant, APPLICANT)
    assert _refused(app, applicant).code == "self"


def test_guarantor_needs_an_account(applicant):
    app = draft(applicant, GUARANTOR)
    assert _refused(app, applicant).code == "no_account"


def test_guarantor_needs_a_verified_account(applicant):
    make_user(verified=False, **GUARANTOR)
    assert _refused(draft(applicant), applicant).code == "unverified"


def test_the_name_must_be_the_accounts(applicant, guarantor):
    app = draft(applicant, {**GUARANTOR, "name": "李五"})
    assert _refused(app, applicant, "guarantor_name").code == "name_mismatch"


def test_yearly_limit(guarantor):
    limit = rules().yearly_limit
    for n in range(limit):
        submitted(make_user(name=f"申请{n}", id_number=_id(n), phone=f"1390000{n:04d}"))
    late = make_user(name="迟到", id_number=_id(9), phone="13900009999")
    refusal = _refused(draft(late), late)
    assert refusal.code == "yearly_limit" and str(limit) in refusal.message
    # a declined request no longer counts
    GuaranteeRequest.objects.filter(pk=GuaranteeRequest.objects.first().pk).update(status="declined")
    services.submit(draft(late).pk, late)
    assert GuaranteeRequest.objects.filter(guarantor=guarantor, status="pending").count() == limit


def _id(n: int) -> str:
    from tests.conftest import make_id_number

    return make_id_number(f"11010119800101{n:03d}")


def test_company_account_cannot_guarantee(applicant):
    User.objects.create_company(company_name="某公司", credit_code="91370100MA3C00000E", password="x",
                                **GUARANTOR)
    assert _refused(draft(applicant), applicant).code == "no_account"


def test_demo_seeding_is_idempotent(db):
    from django.core.management import call_command

    from policeonline.demo.accounts import SEED_APPLICANTS

    call_command("seed_demo_guarantees")
    call_command("seed_demo_guarantees")
    request = GuaranteeRequest.objects.get()
    assert request.guarantor.name == SEED_APPLICANTS[1]["name"] and request.applicant_name == "钱九"
    assert request.application.receipt_no and request.status == "pending"
