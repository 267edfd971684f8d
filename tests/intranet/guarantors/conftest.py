"""Off-site ID card cases (SF-005) as the portal sends them, with the registries' demo people:
赵六 (Beijing household) applies; 李四 (Jinan household, no record) or 王五 (record, wanted)
or 赵六 himself is named as guarantor."""

import uuid
from datetime import UTC, datetime

import pytest

from policeonline.catalog.models import Item
from policeonline.core.masking import mask_id_number
from policeonline.formspec import form_for
from policeonline.registry.demo import ensure_demo_people
from policeonline.registry.demo_people import LI_SI, SUN_QI, WANG_WU, ZHAO_LIU

from ..cases.conftest import APPLICANT, officers, portal, receipt_for  # noqa: F401

__all__ = ["LI_SI", "SUN_QI", "WANG_WU", "ZHAO_LIU"]


@pytest.fixture
def people(db):
    return ensure_demo_people()


def sf005(sender, guarantor: dict, applicant=APPLICANT) -> str:
    item = Item.objects.get(code="SF-005")
    data = {**form_for(item).example(applicant), "guarantor_name": guarantor["name"],
            "guarantor_id_number": guarantor["id_number"], "guarantor_phone": "13800000002"}
    app_id, _ = sender.submit("SF-005", data=data, applicant=applicant,
                              files=[s.name for s in form_for(item).slots])
    return app_id


def respond(sender, app_id: str, outcome: str, guarantor: dict, round_no: int = 1):
    return sender.send("guarantee.response", {
        "application_id": app_id, "receipt_no": receipt_for(app_id), "request_id": str(uuid.uuid4()),
        "round": round_no, "outcome": outcome, "guarantor_id_masked": mask_id_number(guarantor["id_number"]),
        "at": datetime.now(UTC).isoformat().replace("+00:00", "Z")})


def pay_before_acceptance(sender, app_id: str, clerk) -> None:
    """The off-site card's fee is paid before acceptance (ADR 0029): the clerk asks for it and
    the portal reports it paid, as its gateway callback would."""
    from policeonline.cases import engine
    from policeonline.cases.models import Case
    from policeonline.payments.desk.models import FeeRequest

    case = Case.objects.get(application_id=app_id)
    if case.claimed_by_id is None:
        engine.claim(case.pk, clerk)
    engine.perform(case.pk, "request_payment", clerk)
    fee = FeeRequest.objects.get(case=case)
    sender.send("payment.confirmed", {
        "request_id": str(fee.request_id), "application_id": app_id, "receipt_no": receipt_for(app_id),
        "order_no": "F20261127ABCDEFGHJK", "amount_fen": fee.amount_fen,
        "paid_at": datetime.now(UTC).isoformat().replace("+00:00", "Z")})
