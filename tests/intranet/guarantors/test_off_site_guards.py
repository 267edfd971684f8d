"""The off-site ID card (SF-005) on the intranet, what review found missing (ADR 0029): the
case cannot be accepted before its guarantor confirms (a refusal the officer reads, nothing
changes); the applicant's own bad-credit / document-fraud record fails the comparison with
what the register holds; the fee is paid before acceptance and its amount follows the
application's kind (renewal 20 元, lost or damaged 40 元)."""

import json
from datetime import date

import pytest

from policeonline.cases import engine
from policeonline.cases.models import Case
from policeonline.payments.desk.models import FeeRequest
from policeonline.registry.models import IdentityRecord, id_digest

from ..cases.conftest import receipt_for
from .conftest import LI_SI, ZHAO_LIU, pay_before_acceptance, respond, sf005

pytestmark = pytest.mark.django_db


def checks(case) -> dict:
    return {c.code: c for c in case.checks.filter(round=case.round)}


@pytest.fixture
def clerk(officers):
    return engine.Actor.officer(officers["clerk"])


def test_the_case_cannot_be_accepted_before_the_guarantor_confirms(portal, people, clerk):
    app_id = sf005(portal, LI_SI)
    case = Case.objects.get(application_id=app_id)
    engine.claim(case.pk, clerk)
    events = case.events.count()
    with pytest.raises(engine.NotAllowed, match="尚未确认担保|has not confirmed"):
        engine.perform(case.pk, "accept", clerk)
    case.refresh_from_db()
    assert case.state == "submitted" and case.accepted_on is None and case.events.count() == events
    respond(portal, app_id, "confirmed", LI_SI)
    pay_before_acceptance(portal, app_id, clerk)
    case = engine.perform(case.pk, "accept", clerk)
    assert case.state == "examining" and case.accepted_on is not None


def test_a_declined_guarantee_blocks_acceptance_with_its_own_reason(portal, people, officers):
    app_id = sf005(portal, LI_SI)
    respond(portal, app_id, "declined", LI_SI)  # back to the applicant for another guarantor
    case = Case.objects.get(application_id=app_id)
    Case.objects.filter(pk=case.pk).update(state="submitted")  # as if an officer looked anyway
    supervisor = engine.Actor.officer(officers["supervisor"])
    with pytest.raises(engine.NotAllowed, match="未同意担保或逾期未答复|declined or did not answer"):
        engine.perform(case.pk, "accept", supervisor)


def test_the_refusal_is_shown_to_the_officer(client, portal, people, officers):
    from ..conftest import sign_in

    case = Case.objects.get(application_id=sf005(portal, LI_SI))
    engine.claim(case.pk, engine.Actor.officer(officers["clerk"]))
    sign_in(client, officers["clerk"])
    page = client.post(f"/cases/{case.pk}/act/accept/", follow=True).content.decode()
    assert "担保人尚未确认担保" in page or "The guarantor has not confirmed the guarantee yet" in page
    case.refresh_from_db()
    assert case.state == "submitted"


def test_the_applicants_document_fraud_record_fails_the_comparison(portal, people):
    IdentityRecord.objects.create(
        id_digest=id_digest(ZHAO_LIU["id_number"]), id_masked="1101**********1231", name="赵六",
        kind="fraudulent_application", recorded_on=date(2020, 5, 6), authority="北京市公安局东城分局",
        reference="SFZ-110101-2020-0007")
    case = Case.objects.get(application_id=sf005(portal, LI_SI))
    line = checks(case)["applicant_credit"]
    assert line.outcome == "fail"
    assert "SFZ-110101-2020-0007" in line.registry_value and "2020-05-06" in line.registry_value
    assert "北京市公安局东城分局" in line.registry_value


def test_an_applicant_without_a_record_passes(portal, people):
    case = Case.objects.get(application_id=sf005(portal, LI_SI))
    assert checks(case)["applicant_credit"].outcome == "pass"


@pytest.mark.parametrize(("kind", "fen", "code"), [("renewal", 2000, "renewal"),
                                                   ("lost", 4000, "replacement"),
                                                   ("damaged", 4000, "replacement")])
def test_the_fee_follows_the_kind_of_application(portal, people, clerk, kind, fen, code):
    app_id = sf005(portal, LI_SI)
    case = Case.objects.get(application_id=app_id)
    Case.objects.filter(pk=case.pk).update(data_json=json.dumps({**case.data, "kind": kind}))
    engine.claim(case.pk, clerk)
    case = engine.perform(case.pk, "request_payment", clerk)  # while still incoming
    fee = FeeRequest.objects.get(case=case)
    assert (fee.fee_code, fee.amount_fen, case.state) == (code, fen, "awaiting_payment")


def test_acceptance_waits_for_the_fee_and_the_fee_is_not_asked_after(portal, people, clerk):
    app_id = sf005(portal, LI_SI)
    respond(portal, app_id, "confirmed", LI_SI)
    case = Case.objects.get(application_id=app_id)
    engine.claim(case.pk, clerk)
    with pytest.raises(engine.NotAllowed, match="须在受理前缴纳|paid before acceptance"):
        engine.perform(case.pk, "accept", clerk)
    engine.perform(case.pk, "request_payment", clerk)
    with pytest.raises(engine.NotAllowed):
        engine.perform(case.pk, "accept", clerk)  # still awaiting payment
    fee = FeeRequest.objects.get(case=case)
    portal.send("payment.confirmed", {
        "request_id": str(fee.request_id), "application_id": app_id, "receipt_no": receipt_for(app_id),
        "order_no": "F20261127ABCDEFGHJK", "amount_fen": fee.amount_fen, "paid_at": "2026-11-27T10:00:00Z"})
    case.refresh_from_db()
    assert case.state == "submitted"  # back where it waited, now payable and paid
    case = engine.perform(case.pk, "accept", clerk)
    assert case.state == "examining"
    with pytest.raises(engine.NotAllowed, match="应在受理前通知缴费|before acceptance"):
        engine.perform(case.pk, "request_payment", clerk)


def test_the_case_page_shows_the_fee_its_amount_and_its_state(client, portal, people, officers, clerk):
    from ..conftest import sign_in

    app_id = sf005(portal, LI_SI)
    case = Case.objects.get(application_id=app_id)
    Case.objects.filter(pk=case.pk).update(data_json=json.dumps({**case.data, "kind": "lost"}))
    sign_in(client, officers["clerk"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "40.00" in page and ("受理前" in page or "before acceptance" in page)
    pay_before_acceptance(portal, app_id, clerk)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "F20261127ABCDEFGHJK" in page and ("已缴费" in page or "Paid" in page)
