"""On the intranet: the guarantor's registry facts in the comparison, the guarantor's answer
recorded on the case, and a decline or timeout returning the case to the applicant."""

import pytest

from policeonline.cases import engine
from policeonline.cases.models import Case, CaseEvent
from policeonline.exchange.models import OutboxEntry
from policeonline.guarantors.rules import rules

from .conftest import LI_SI, SUN_QI, WANG_WU, ZHAO_LIU, pay_before_acceptance, respond, sf005

pytestmark = pytest.mark.django_db


def checks(case) -> dict:
    return {c.code: c.outcome for c in case.checks.filter(round=case.round)}


def test_a_jinan_guarantor_without_record_passes_and_awaits_the_answer(portal, people):
    case = Case.objects.get(application_id=sf005(portal, LI_SI))
    lines = checks(case)
    assert lines["guarantor_identity"] == lines["guarantor_household"] == "pass"
    assert lines["guarantor_record"] == "pass" and "guarantor_wanted" not in lines
    assert lines["guarantee"] == "warn"
    assert lines["household"] == "warn"  # the applicant is registered elsewhere: that is the item
    assert lines["applicant_photo"] == "pass"


def test_a_guarantor_with_a_record_fails(portal, people):
    lines = checks(Case.objects.get(application_id=sf005(portal, WANG_WU)))
    assert lines["guarantor_record"] == "fail" and lines["guarantor_wanted"] == "fail"
    assert lines["guarantor_household"] == "pass"


def test_oneself_fails(portal, people):
    case = Case.objects.get(application_id=sf005(portal, ZHAO_LIU))
    assert checks(case)["guarantor_identity"] == "fail"
    assert case.checks.get(code="guarantor_identity").message == "The applicant cannot be their own guarantor"


def test_a_guarantor_registered_outside_jinan_fails(portal, people):
    applicant = {"kind": "citizen", "name": SUN_QI["name"], "id_number": SUN_QI["id_number"],
                 "phone": SUN_QI["phone"]}
    lines = checks(Case.objects.get(application_id=sf005(portal, ZHAO_LIU, applicant)))
    assert lines["guarantor_identity"] == "pass" and lines["guarantor_household"] == "fail"


def test_confirmation_is_recorded_on_the_case(portal, people):
    app_id = sf005(portal, LI_SI)
    sent = OutboxEntry.objects.filter(type="case.updated").count()
    respond(portal, app_id, "confirmed", LI_SI)
    case = Case.objects.get(application_id=app_id)
    event = case.events.order_by("seq").last()
    assert event.action == "guarantee_confirmed" and event.public and "*" in event.note
    assert case.state == "submitted" and checks(case)["guarantee"] == "pass"
    assert OutboxEntry.objects.filter(type="case.updated").count() == sent + 1
    assert engine.replay(case) == case.state


@pytest.mark.parametrize("outcome", ["declined", "expired"])
def test_decline_or_timeout_returns_the_case_to_the_applicant(portal, people, outcome):
    app_id = sf005(portal, LI_SI)
    respond(portal, app_id, outcome, LI_SI)
    case = Case.objects.get(application_id=app_id)
    assert case.state == "supplement" and checks(case)["guarantee"] == "fail"
    actions = list(case.events.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == [f"guarantee_{outcome}", "request_supplement"]
    last = case.events.order_by("seq").last()
    assert last.detail["supplement_fields"] == rules().field_names and "担保人" in last.note
    assert engine.replay(case) == "supplement"
    # the applicant names another guarantor: the case goes back and is compared again
    portal.act(app_id, "resubmit", round=2, data_json=case.data_json.replace(
        LI_SI["id_number"], WANG_WU["id_number"]).replace(LI_SI["name"], WANG_WU["name"]))
    case.refresh_from_db()
    assert case.state == "submitted" and case.round == 2
    assert checks(case)["guarantor_record"] == "fail" and checks(case)["guarantee"] == "warn"


def test_an_answer_for_a_former_guarantor_changes_nothing(portal, people):
    app_id = sf005(portal, LI_SI)
    respond(portal, app_id, "declined", WANG_WU)
    case = Case.objects.get(application_id=app_id)
    assert case.state == "submitted"
    stale = CaseEvent.objects.get(case=case, action="guarantee_stale")
    assert not stale.public and checks(case)["guarantee"] == "warn"


def test_a_decline_after_examination_is_recorded_for_the_officer(portal, people, officers):
    app_id = sf005(portal, LI_SI)
    respond(portal, app_id, "confirmed", LI_SI)  # accepted only once confirmed and paid
    case = Case.objects.get(application_id=app_id)
    clerk = engine.Actor.officer(officers["clerk"])
    pay_before_acceptance(portal, app_id, clerk)
    engine.perform(case.pk, "accept", clerk)
    engine.perform(case.pk, "invite_visit", clerk, note="请到场")
    respond(portal, app_id, "declined", LI_SI)
    case.refresh_from_db()
    assert case.state == "awaiting_visit" and checks(case)["guarantee"] == "fail"
    assert case.events.order_by("seq").last().action == "guarantee_declined"


def test_the_officer_sees_the_guarantor_lines_the_answer_and_the_delivery_choice(
        client, portal, people, officers):
    from ..conftest import sign_in

    app_id = sf005(portal, LI_SI)
    respond(portal, app_id, "confirmed", LI_SI)
    case = Case.objects.get(application_id=app_id)
    sign_in(client, officers["clerk"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "担保人为济南市常住户口" in page or "The guarantor&#x27;s household is in Jinan" in page \
        or "household is in Jinan" in page
    assert "担保人确认担保" in page or "The guarantor confirmed the guarantee" in page
    assert case.data["delivery_method"] in ("post", "collect")
    assert "领取方式" in page or "How to receive the card" in page  # the delivery choice, on the case
