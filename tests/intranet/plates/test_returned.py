"""A vehicle registration case holding a chosen plate that is refused or withdrawn gives the
number back (ADR 0029): the pool has it released again and the portal is told, in the same
transaction as the case's last step. A granted case keeps its number."""

import pytest

from policeonline.audit.models import AuditEvent
from policeonline.cases import engine
from policeonline.cases.models import Case
from policeonline.platepool import services
from policeonline.platepool.models import PoolNumber
from policeonline.workflow import reasons_for

from ..cases.conftest import Portal
from ..conftest import make_officer
from .test_pool import chosen, sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    return make_officer("300911", "vehicle_admin", ["supervisor", "approver"])


@pytest.fixture
def portal(exchange_keys, db):
    return Portal(exchange_keys["internet"])


def with_plate(portal, manager, plate="鲁A66123"):
    pool = services.release(manager, "鲁A", "02", "pattern", "6612?")
    app_id, _ = portal.submit("JDC-001")
    portal.send("plate.chosen", chosen(app_id, plate, pool.code))
    return pool, app_id


def test_a_withdrawal_returns_the_plate_to_the_pool_and_the_portal(manager, portal, exchange_keys):
    pool, app_id = with_plate(portal, manager)
    portal.act(app_id, "withdraw")
    assert Case.objects.get(application_id=app_id).state == "withdrawn"
    number = PoolNumber.objects.get(plate="鲁A66123", pool=pool)
    assert number.status == "released" and number.application_id is None
    [body] = sent(exchange_keys, "plate.returned")
    assert (body["plate"], body["application_id"], body["reason"], body["back_to"]) == (
        "鲁A66123", app_id, "withdrawn", "free")
    assert AuditEvent.objects.filter(action="plates.returned", target="鲁A66123").exists()


def test_a_refusal_returns_it_and_another_application_may_then_be_allocated_it(manager, portal):
    pool, app_id = with_plate(portal, manager)
    case = Case.objects.get(application_id=app_id)
    engine.perform(case.pk, "refuse", engine.Actor.officer(manager),
                   reason_code=reasons_for("refuse")[0].code, note="材料不全")
    assert PoolNumber.objects.get(plate="鲁A66123", pool=pool).status == "released"
    again, _ = portal.submit("JDC-001")
    assert portal.send("plate.chosen", chosen(again, "鲁A66123", pool.code)).applied == 1
    assert str(PoolNumber.objects.get(plate="鲁A66123", pool=pool).application_id) == again


def test_a_withdrawn_pool_retires_the_returned_number(manager, portal, exchange_keys):
    pool, app_id = with_plate(portal, manager)
    services.withdraw(manager, pool.pk)
    portal.act(app_id, "withdraw")
    assert PoolNumber.objects.get(plate="鲁A66123", pool=pool).status == "withdrawn"
    assert sent(exchange_keys, "plate.returned")[0]["back_to"] == "withdrawn"


def test_a_case_without_a_plate_sends_nothing(portal, exchange_keys):
    app_id, _ = portal.submit("JDC-001")
    portal.act(app_id, "withdraw")
    assert sent(exchange_keys, "plate.returned") == []
