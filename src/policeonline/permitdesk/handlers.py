"""Envelopes from the portal (inside the inbox's transaction).

A facts request is answered with the owner's vehicles and only the facts eligibility needs;
issued and cancelled permits are recorded (idempotently: the inbox already refuses duplicates,
and a serial is unique).
"""

from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import timezone

from policeonline.audit.log import record
from policeonline.core.masking import mask_id_number
from policeonline.exchange.outbox import enqueue
from policeonline.exchange.types import handles
from policeonline.registry.models import Vehicle, id_digest

from .models import IssuedPermit

MAX_VEHICLES = 50


def vehicle_facts(id_number: str, today: date | None = None) -> list[dict]:
    """The owner's registered vehicles that have facts on file, as the portal needs them."""
    vehicles = (Vehicle.objects.filter(owner_id_digest=id_digest(id_number),
                                       permit_facts__isnull=False)
                .select_related("permit_facts")
                .annotate(unpaid=Count("violations", filter=Q(violations__paid=False)))
                .order_by("plate")[:MAX_VEHICLES])
    return [{"plate": v.plate, "plate_type": v.plate_type,
             "vehicle_type": v.permit_facts.vehicle_type,
             "emission_standard": v.permit_facts.emission_standard,
             "inspection_valid_until": v.permit_facts.inspection_valid_until.isoformat()
             if v.permit_facts.inspection_valid_until else None,
             "unpaid_violations": min(v.unpaid, 999),
             "in_use": v.status in (Vehicle.Status.NORMAL, Vehicle.Status.MORTGAGED)}
            for v in vehicles]


@handles("permits.vehicles.request", from_zone="internet")
def on_vehicles_request(body, envelope):
    vehicles = vehicle_facts(body["id_number"])
    enqueue("permits.vehicles.result", {
        "request_id": body["request_id"], "account_ref": body["account_ref"],
        "as_of": timezone.now().isoformat().replace("+00:00", "Z"), "vehicles": vehicles},
        correlation_id=body["request_id"])
    record("permits", "permits.vehicles.answered", mask_id_number(body["id_number"]),
           vehicles=len(vehicles))


@handles("permit.issued", from_zone="internet")
def on_issued(body, envelope):
    IssuedPermit.objects.get_or_create(serial=body["serial"], defaults={
        "zone": body["zone"], "day": date.fromisoformat(body["day"]), "plate": body["plate"],
        "vehicle_type": body["vehicle_type"], "account_ref": body["account_ref"],
        "issued_at": datetime.fromisoformat(body["issued_at"].replace("Z", "+00:00")),
        "envelope_id": str(envelope.id)})
    record("permits", "permit.recorded", body["serial"], zone=body["zone"], day=body["day"])


@handles("permit.cancelled", from_zone="internet")
def on_cancelled(body, envelope):
    changed = IssuedPermit.objects.filter(serial=body["serial"]).update(
        status=IssuedPermit.Status.CANCELLED,
        cancelled_at=datetime.fromisoformat(body["cancelled_at"].replace("Z", "+00:00")))
    record("permits", "permit.cancelled", body["serial"], known=bool(changed))
