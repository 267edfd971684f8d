"""Synthetic permit facts for registry vehicles that have none (demo and generated registries).

Deterministic per VIN, so a regenerated registry gets the same facts: the vehicle type follows
the plate type, the emission standard the registration year, about one inspection in eight has
lapsed and about one vehicle in seven has an unpaid fine.
"""

import hashlib
from datetime import date, timedelta

from django.db import transaction

from policeonline.registry.models import Vehicle

from .models import VehicleFacts, Violation

TYPES_BY_PLATE = {"01": ["H1", "H2", "K1"], "02": ["K3", "K3", "H3", "H4"], "51": ["H2", "K1"],
                  "52": ["K3", "H4"]}
VIOLATIONS = ["违反禁令标志指示", "机动车违反规定停放", "驾驶货车违反限行规定", "超速不足20%"]


def _draw(vin: str, salt: str, n: int) -> int:
    return int.from_bytes(hashlib.sha256(f"{salt}:{vin}".encode()).digest()[:4], "big") % n


def facts_for(vehicle: Vehicle, today: date) -> tuple[VehicleFacts, list[Violation]]:
    vin = vehicle.vin
    kinds = TYPES_BY_PLATE.get(vehicle.plate_type, ["K3"])
    year = vehicle.registered_on.year
    emission = 6 if vehicle.plate_type in ("51", "52") or year >= 2020 else 5 if year >= 2017 else 4
    if emission > 4 and _draw(vin, "older", 10) == 0:
        emission -= 1
    lapsed = _draw(vin, "inspection", 8) == 0
    inspection = today + timedelta(days=-_draw(vin, "ago", 200) - 1 if lapsed
                                   else 30 + _draw(vin, "ahead", 330))
    facts = VehicleFacts(vehicle=vehicle, vehicle_type=kinds[_draw(vin, "type", len(kinds))],
                         emission_standard=emission, inspection_valid_until=inspection)
    violations = []
    if _draw(vin, "violation", 4) == 0:
        violations.append(Violation(vehicle=vehicle, occurred_on=today - timedelta(
            days=10 + _draw(vin, "when", 300)), description=VIOLATIONS[_draw(vin, "what", 4)],
            fine_yuan=100 + 50 * _draw(vin, "fine", 3), paid=_draw(vin, "paid", 7) >= 4))
    return facts, violations


@transaction.atomic
def fill_missing(today: date | None = None, batch: int = 2000) -> int:
    """Give every registry vehicle without facts its synthetic facts; returns how many."""
    today = today or date.today()
    done = 0
    missing = Vehicle.objects.filter(permit_facts__isnull=True).order_by("pk")
    while chunk := list(missing[:batch]):
        made = [facts_for(v, today) for v in chunk]
        VehicleFacts.objects.bulk_create([f for f, _ in made])
        Violation.objects.bulk_create([v for _, vs in made for v in vs])
        done += len(chunk)
    return done
