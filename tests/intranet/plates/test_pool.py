"""The plate pool on the intranet: what a release may contain, how it travels (bounded
envelopes), withdrawal, who may do it, and the choices reported back onto the pool and case."""

import uuid
from datetime import UTC, date, datetime
from itertools import count

import pytest

from policeonline.audit.models import AuditEvent
from policeonline.cases.models import Case
from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import decode_body, open_envelope, seal
from policeonline.exchange.inbox import process
from policeonline.exchange.models import OutboxEntry
from policeonline.platepool import candidates, services
from policeonline.platepool.models import Pool, PoolNumber, PoolStock
from policeonline.registry.models import Vehicle

from ..cases.conftest import Portal, receipt_for
from ..conftest import make_officer, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    return make_officer("300901", "vehicle_admin", ["supervisor", "approver"])


@pytest.fixture
def portal(exchange_keys, db):
    return Portal(exchange_keys["internet"])


@pytest.fixture
def clerk(db):
    return make_officer("300902", "vehicle_admin", ["clerk"])


def sent(exchange_keys, type_name):
    bodies = []
    for entry in OutboxEntry.objects.filter(type=type_name).order_by("seq"):
        envelope = open_envelope(bytes(entry.data), zone="internet", keyring=exchange_keys["internet"],
                                 max_bytes=1024 * 1024)
        bodies.append(decode_body(envelope))
    return bodies


def test_a_pattern_release_leaves_out_registered_reserved_blocked_and_released(manager, exchange_keys):
    Vehicle.objects.create(plate="鲁A88125", plate_type="02", vin="LSVAA4180E2000001",
                           owner_id_digest="x", owner_name="某", brand="大众", model="朗逸",
                           registered_on=date(2020, 1, 1))
    first = services.release(manager, "鲁A", "02", "pattern", "8812?")
    assert first.numbers.count() == 9  # 88120…88129 without the registered 88125
    second = services.release(manager, "鲁A", "02", "pattern", "881??")
    plates = set(second.numbers.values_list("plate", flat=True))
    assert len(plates) == 100 - 10 and "鲁A88125" not in plates  # not twice in live pools


def test_blocked_and_reserved_numbers_are_never_released(manager):
    with pytest.raises(services.Refused):
        services.release(manager, "鲁A", "02", "pattern", "SB12?")  # every match blocked
    with pytest.raises(services.Refused):
        services.release(manager, "鲁A", "02", "pattern", "00??1")  # official series
    assert candidates.excluded("鲁A", "02", ["T1234", "88888", "12250", "12345"]) == {
        "T1234", "88888", "12250"}


def test_a_large_release_travels_in_bounded_parts(manager, exchange_keys):
    pool = services.release(manager, "鲁A", "52", "count", "1200")
    assert pool.numbers.count() == 1200
    bodies = sent(exchange_keys, "plates.released")
    assert [(b["part"], b["parts"], len(b["numbers"])) for b in bodies] == [(1, 3, 500), (2, 3, 500),
                                                                             (3, 3, 200)]
    released = [n for b in bodies for n in b["numbers"]]
    assert sorted(released) == sorted(pool.numbers.values_list("plate", flat=True))
    assert all(n.startswith(("鲁AD", "鲁AF")) and len(n) == 8 for n in released)
    assert AuditEvent.objects.filter(action="plates.pool_released", target=pool.code).exists()


def test_withdraw_the_unallocated_numbers(manager, exchange_keys, portal):
    pool = services.release(manager, "鲁A", "02", "pattern", "7712?")
    app_id = str(uuid.uuid4())
    portal.send("plate.chosen", chosen(app_id, "鲁A77121", pool.code))
    assert services.withdraw(manager, pool.pk) == 9
    body, = sent(exchange_keys, "plates.withdrawn")
    assert len(body["numbers"]) == 9 and "鲁A77121" not in body["numbers"]
    assert services.counts(Pool.objects.get(pk=pool.pk)) == {"total": 10, "released": 0,
                                                             "allocated": 1, "withdrawn": 9}
    with pytest.raises(services.Refused):
        services.withdraw(manager, pool.pk)


def test_only_the_departments_managers_release(clerk):
    with pytest.raises(services.Refused):
        services.release(clerk, "鲁A", "02", "count", "10")
    other = make_officer("200909", "exit_entry", ["supervisor"])
    with pytest.raises(services.Refused):
        services.release(other, "鲁A", "02", "count", "10")
    assert not Pool.objects.exists()


def chosen(app_id, plate, pool, mode="compose"):
    return {"application_id": app_id, "receipt_no": receipt_for(app_id), "plate": plate,
            "plate_type": "02", "pool": pool, "mode": mode,
            "chosen_at": datetime.now(UTC).isoformat().replace("+00:00", "Z")}


def test_a_reported_choice_is_recorded_on_the_pool_and_the_case(manager, portal):
    pool = services.release(manager, "鲁A", "02", "pattern", "6612?")
    app_id, _ = portal.submit("JDC-001")
    assert portal.send("plate.chosen", chosen(app_id, "鲁A66123", pool.code)).applied == 1
    number = PoolNumber.objects.get(plate="鲁A66123", pool=pool)
    assert (number.status, str(number.application_id)) == ("allocated", app_id)
    event = Case.objects.get(application_id=app_id).events.get(action="plate_chosen")
    assert event.detail["plate"] == "鲁A66123" and not event.public
    # A second number for the same application, or the same number for another: quarantined.
    assert portal.send("plate.chosen", chosen(app_id, "鲁A66124", pool.code)).quarantined == 1
    assert portal.send("plate.chosen", chosen(str(uuid.uuid4()), "鲁A66123", pool.code)).quarantined == 1
    assert portal.send("plate.chosen", chosen(str(uuid.uuid4()), "鲁A99999", pool.code)).quarantined == 1


def test_the_pool_pages(client, manager, clerk):
    sign_in(client, manager)
    response = client.post("/plates/release/", {"prefix": "鲁A", "plate_type": "02", "method": "pattern",
                                                 "spec": "5512?"})
    pool = Pool.objects.get()
    assert response.status_code == 302 and response.url == f"/plates/{pool.pk}/"
    page = client.get("/plates/").content.decode()
    assert pool.code in page
    assert "鲁A55121" in client.get(f"/plates/{pool.pk}/").content.decode()
    client.post("/plates/release/", {"prefix": "鲁A", "plate_type": "02", "method": "pattern",
                                      "spec": "SB12?"})
    assert Pool.objects.count() == 1  # refused with a message, nothing released
    client.post(f"/plates/{pool.pk}/withdraw/")
    assert pool.numbers.filter(status="withdrawn").count() == 10
    client.logout()
    sign_in(client, clerk)
    assert client.get("/plates/").status_code == 200  # the department sees
    client.post("/plates/release/", {"prefix": "鲁A", "plate_type": "02", "method": "count", "spec": "5"})
    assert Pool.objects.count() == 1  # but a clerk does not release
    client.logout()
    sign_in(client, make_officer("100909", "population", ["supervisor"]))
    assert client.get("/plates/").status_code == 403


def test_the_portals_stock_report_shows_on_the_pool_pages(client, manager, exchange_keys):
    pool = services.release(manager, "鲁A", "02", "pattern", "4412?")
    seqs = count(1)

    def report(at, free, held):
        _, data = seal(types.get("plates.stock", 1, "internet"), {"reported_at": at, "pools": [
            {"pool": pool.code, "free": free, "held": held, "allocated": 10 - free - held, "withdrawn": 0},
            {"pool": "P20260101-ELSE", "free": 1, "held": 0, "allocated": 0, "withdrawn": 0}]},
            keyring=exchange_keys["internet"], seq=next(seqs))
        return process(default_endpoint(), data, "test")

    assert report("2026-11-27T08:05:00Z", 7, 2).applied == 1
    assert report("2026-11-27T08:01:00Z", 10, 0).applied == 1  # older: changes nothing
    stock = PoolStock.objects.get(pool=pool)
    assert (stock.free, stock.held, stock.allocated) == (7, 2, 1)
    sign_in(client, manager)
    page = client.get(f"/plates/{pool.pk}/").content.decode()
    assert "<strong>7</strong>" in page and "<strong>2</strong>" in page


def test_the_case_page_shows_the_chosen_plate(client, manager, portal):
    pool = services.release(manager, "鲁A", "02", "pattern", "3312?")
    app_id, _ = portal.submit("JDC-001")
    portal.send("plate.chosen", chosen(app_id, "鲁A33123", pool.code))
    sign_in(client, make_officer("300903", "vehicle_admin", ["clerk"]))
    case = Case.objects.get(application_id=app_id)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "鲁A33123" in page and "plate_chosen" not in page
