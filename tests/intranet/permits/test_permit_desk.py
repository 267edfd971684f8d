"""The intranet's side of pass permits: zones from the data file, the facts answer (only the
owner's vehicles, only what eligibility needs), the synthetic facts, permits recorded from the
portal's ordered stream, and the traffic police's page (who may see it)."""

import uuid
from datetime import date, timedelta
from itertools import count

import pytest

from policeonline.core.permit_zones import load_into
from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import decode_body, open_envelope, seal
from policeonline.exchange.inbox import process
from policeonline.exchange.models import OutboxEntry
from policeonline.permitdesk import synth
from policeonline.permitdesk.models import IssuedPermit, PermitZone, VehicleFacts, Violation
from policeonline.registry.models import Vehicle, id_digest
from tests.conftest import make_id_number

from ..conftest import make_officer, sign_in

pytestmark = pytest.mark.django_db
OWNER = make_id_number("37010219800101001")


class Portal:
    def __init__(self, keyring):
        self.keyring, self.seqs = keyring, {}

    def send(self, type_name, body):
        message_type = types.get(type_name, 1, "internet")
        stream = message_type.stream_for(None)
        seq = next(self.seqs.setdefault(stream, count(1)))
        _, data = seal(message_type, body, keyring=self.keyring, seq=seq, stream=stream)
        return process(default_endpoint(), data, "test")


@pytest.fixture
def portal(exchange_keys):
    return Portal(exchange_keys["internet"])


def vehicle(plate, vin, owner=OWNER, **facts):
    v = Vehicle.objects.create(plate=plate, plate_type="02", vin=vin, owner_id_digest=id_digest(owner),
                               owner_name="张三", brand="五菱", model="荣光",
                               registered_on=date(2021, 1, 1))
    if facts:
        VehicleFacts.objects.create(vehicle=v, **facts)
    return v


def answers(exchange_keys):
    return [decode_body(open_envelope(bytes(e.data), zone="internet", keyring=exchange_keys["internet"],
                                      max_bytes=1024 * 1024))
            for e in OutboxEntry.objects.filter(type="permits.vehicles.result").order_by("seq")]


def test_zones_load_idempotently():
    assert load_into(PermitZone) == (3, 0)
    assert load_into(PermitZone) == (0, 0)
    zone = PermitZone.objects.get(code="QCL-FRJ")
    assert zone.windows == ["07:00-09:00", "17:00-19:30"] and zone.min_emission == 5


def test_a_facts_request_is_answered_with_the_owners_vehicles_only(portal, exchange_keys):
    inspected = date.today() + timedelta(days=90)
    truck = vehicle("鲁A7H2K8", "LZWADAGA8KB123457", vehicle_type="H3", emission_standard=6,
                    inspection_valid_until=inspected)
    Violation.objects.create(vehicle=truck, occurred_on=date(2026, 3, 1), description="违停",
                             fine_yuan=200, paid=False)
    Violation.objects.create(vehicle=truck, occurred_on=date(2026, 2, 1), description="违停",
                             fine_yuan=200, paid=True)
    vehicle("鲁A11111", "LZWADAGA8KB123458", owner=make_id_number("37010219800101002"),
            vehicle_type="H3", emission_standard=6, inspection_valid_until=inspected)
    request_id = str(uuid.uuid4())
    portal.send("permits.vehicles.request", {"request_id": request_id, "account_ref": "account:7",
                                             "id_number": OWNER})
    [body] = answers(exchange_keys)
    assert body["request_id"] == request_id and body["account_ref"] == "account:7"
    assert body["vehicles"] == [{"plate": "鲁A7H2K8", "plate_type": "02", "vehicle_type": "H3",
                                 "emission_standard": 6,
                                 "inspection_valid_until": inspected.isoformat(),
                                 "unpaid_violations": 1, "in_use": True}]
    assert "vin" not in str(body).lower() and "张三" not in str(body)


def test_synthetic_facts_fill_only_what_is_missing_and_are_deterministic():
    vehicle("鲁A22222", "LZWADAGA8KB000001")
    vehicle("鲁A33333", "LZWADAGA8KB000002", vehicle_type="H1", emission_standard=3)
    assert synth.fill_missing(date(2026, 11, 27)) == 1
    assert synth.fill_missing(date(2026, 11, 27)) == 0
    facts = VehicleFacts.objects.get(vehicle__plate="鲁A22222")
    again, _ = synth.facts_for(facts.vehicle, date(2026, 11, 27))
    assert (again.vehicle_type, again.emission_standard, again.inspection_valid_until) == (
        facts.vehicle_type, facts.emission_standard, facts.inspection_valid_until)
    assert VehicleFacts.objects.get(vehicle__plate="鲁A33333").emission_standard == 3


def test_issued_and_cancelled_permits_are_recorded_in_order(portal):
    serial = "TXZ-2026-7K3Q-M9XD"
    portal.send("permit.issued", {"serial": serial, "zone": "QCL-FRJ", "day": "2026-11-28",
                                  "plate": "鲁A7H2K8", "vehicle_type": "H3",
                                  "account_ref": "account:7",
                                  "issued_at": "2026-11-27T08:00:00+00:00"})
    assert IssuedPermit.objects.get(serial=serial).status == "valid"
    portal.send("permit.cancelled", {"serial": serial, "cancelled_at": "2026-11-27T09:00:00Z"})
    permit = IssuedPermit.objects.get(serial=serial)
    assert permit.status == "cancelled" and permit.cancelled_at is not None


def test_traffic_police_see_permits_and_quota_use(client, portal):
    load_into(PermitZone)
    day = date.today()
    for n in range(3):
        portal.send("permit.issued", {"serial": f"TXZ-2026-AAA{n}-BBBB", "zone": "QCL-FRJ",
                                      "day": day.isoformat(), "plate": f"鲁A1000{n}",
                                      "vehicle_type": "H3", "account_ref": "account:7",
                                      "issued_at": "2026-11-27T08:00:00Z"})
    officer = make_officer("400901", "traffic", ["clerk"])
    sign_in(client, officer)
    page = client.get(f"/permits/?zone=QCL-FRJ&day={day.isoformat()}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "鲁A10002" in text and "TXZ-2026-AAA0-BBBB" in text
    row = next(r for r in page.context["rows"] if r["zone"].code == "QCL-FRJ")
    assert row["used"] == 3 and row["left"] == 37


def test_other_departments_may_not_see_the_permits(client):
    officer = make_officer("100901", "population", ["clerk"])
    sign_in(client, officer)
    assert client.get("/permits/").status_code == 403


def test_vehicles_without_facts_are_left_out_and_scrapped_ones_are_not_in_use(portal, exchange_keys):
    inspected = date.today() + timedelta(days=90)
    vehicle("鲁A44444", "LZWADAGA8KB000044")  # no facts on file
    scrapped = vehicle("鲁A55555", "LZWADAGA8KB000055", vehicle_type="H3", emission_standard=5,
                       inspection_valid_until=inspected)
    Vehicle.objects.filter(pk=scrapped.pk).update(status=Vehicle.Status.SCRAPPED)
    portal.send("permits.vehicles.request", {"request_id": str(uuid.uuid4()),
                                             "account_ref": "account:7", "id_number": OWNER})
    [body] = answers(exchange_keys)
    assert [(v["plate"], v["in_use"]) for v in body["vehicles"]] == [("鲁A55555", False)]
