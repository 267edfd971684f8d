"""Where the fee step sits (ADR 0029, core/data/fee_steps.yaml): ID card items pay before
acceptance, the others before the document is issued; the step waits for the payment with a
clear refusal, and the data file agrees with the catalog."""

from pathlib import Path

import pytest
import yaml

from policeonline.cases import engine
from policeonline.cases.models import Case
from policeonline.payments.desk import services
from policeonline.payments.desk.models import FeeRequest
from tests.intranet.cases.conftest import receipt_for

CATALOG = Path(services.__file__).parents[2] / "catalog" / "data" / "categories"


def catalog_items() -> dict:
    return {item["code"]: item for path in CATALOG.glob("*.yaml")
            for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("items", [])}


def test_the_fee_steps_file_names_real_items_fields_answers_and_fees():
    items, steps = catalog_items(), services.fee_steps()
    for code in steps["before_acceptance"]:
        assert items[code]["fees"], f"{code} has no fee to pay before acceptance"
    for code, (field, by_answer) in steps["variants"].items():
        fields = {f["name"]: f for f in items[code]["form"].get("fields", [])}
        answers = {o["value"] for o in fields[field]["options"]}
        assert set(by_answer) == answers, f"{code}: every answer of {field} chooses a fee"
        assert set(by_answer.values()) <= {f["code"] for f in items[code]["fees"]}


def supervisor_walks(case, supervisor, *steps):
    for name in steps:
        case = engine.perform(case.pk, name, supervisor, note="（测试）")
    return case


@pytest.mark.django_db
def test_a_fee_due_before_issue_holds_the_issue_until_paid(portal, officers):
    supervisor = engine.Actor.officer(officers["supervisor"])
    app_id, _ = portal.submit("JZ-005")
    case = Case.objects.get(application_id=app_id)
    assert services.fee_stage("JZ-005") == services.ISSUE
    case = supervisor_walks(case, supervisor, "accept", "invite_visit", "record_visit", "approve")
    assert case.state == "approved"
    with pytest.raises(engine.NotAllowed, match="制证发证前|before the document is issued"):
        engine.perform(case.pk, "issue", supervisor)
    case = engine.perform(case.pk, "request_payment", supervisor)
    assert case.state == "awaiting_payment"
    fee = FeeRequest.objects.get(case=case)
    portal.send("payment.confirmed", {
        "request_id": str(fee.request_id), "application_id": app_id, "receipt_no": receipt_for(app_id),
        "order_no": "F20261127ABCDEFGHJK", "amount_fen": fee.amount_fen, "paid_at": "2026-11-27T10:00:00Z"})
    case.refresh_from_db()
    assert case.state == "approved"
    assert engine.perform(case.pk, "issue", supervisor).state == "completed"


@pytest.mark.django_db
def test_an_item_whose_variant_cannot_be_told_is_not_charged_online(portal, officers):
    supervisor = engine.Actor.officer(officers["other"])  # exit-entry
    app_id, _ = portal.submit("CRJ-015")  # three fees by duration, no answer chooses one
    case = Case.objects.get(application_id=app_id)
    engine.perform(case.pk, "accept", supervisor)
    with pytest.raises(engine.NotAllowed, match="现场确定|decided at the hall"):
        engine.perform(case.pk, "request_payment", supervisor)
    assert not FeeRequest.objects.exists()
