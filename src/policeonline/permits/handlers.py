"""The registry's answer about a citizen's vehicles (inside the inbox's transaction).

Only the answer to the account's latest request is applied; it replaces the account's vehicle
list whole. A late answer to an older request is recorded and ignored.
"""

from datetime import date, datetime

from django.utils import timezone

from policeonline.accounts.citizens.models import User
from policeonline.audit.log import record
from policeonline.exchange.types import handles

from .models import OwnedVehicle, VehicleFactsRequest


@handles("permits.vehicles.result", from_zone="intranet")
def on_vehicles(body, envelope):
    facts = VehicleFactsRequest.objects.select_for_update().filter(
        request_id=body["request_id"]).first()
    account = User.objects.filter(pk=int(body["account_ref"].split(":")[1])).first()
    if facts is None or account is None or facts.account_id != account.pk:
        record("exchange", "permits.vehicles.ignored", body["request_id"], reason="not the latest")
        return
    OwnedVehicle.objects.filter(account=account).delete()
    OwnedVehicle.objects.bulk_create([OwnedVehicle(
        account=account, plate=v["plate"], plate_type=v["plate_type"],
        vehicle_type=v["vehicle_type"], emission_standard=v["emission_standard"],
        inspection_valid_until=date.fromisoformat(v["inspection_valid_until"])
        if v["inspection_valid_until"] else None,
        unpaid_violations=v["unpaid_violations"], in_use=v["in_use"]) for v in body["vehicles"]])
    VehicleFactsRequest.objects.filter(pk=facts.pk).update(
        answered_at=timezone.now(),
        as_of=datetime.fromisoformat(body["as_of"].replace("Z", "+00:00")))
    record("exchange", "permits.vehicles.applied", account.account_ref,
           vehicles=len(body["vehicles"]))
