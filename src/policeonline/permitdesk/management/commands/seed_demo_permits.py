"""Demo: the permit zones, synthetic permit facts for every registry vehicle, and a light truck
for 张三 (the demo citizen) that meets every rule, so the portal can issue him a permit."""

from datetime import date, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from policeonline.registry.demo_people import ZHANG_SAN_VEHICLE
from policeonline.registry.models import Vehicle

from ...models import VehicleFacts
from ...synth import fill_missing

DEMO_TRUCK = {"plate": "鲁A7H2K8", "plate_type": "02", "vin": "LZWADAGA8KB123457",
              "brand": "五菱", "model": "荣光小卡", "registered_on": date(2021, 5, 18)}


class Command(BaseCommand):
    help = "Seed pass-permit demo data on the intranet (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        call_command("load_permit_zones", stdout=self.stdout)
        owner = Vehicle.objects.filter(plate=ZHANG_SAN_VEHICLE["plate"]).first()  # 张三's car
        if owner is not None:
            truck, _ = Vehicle.objects.update_or_create(
                plate=DEMO_TRUCK["plate"], defaults={
                    **DEMO_TRUCK, "owner_id_digest": owner.owner_id_digest,
                    "owner_id_masked": owner.owner_id_masked, "owner_name": owner.owner_name})
            VehicleFacts.objects.update_or_create(vehicle=truck, defaults={
                "vehicle_type": "H3", "emission_standard": 6,
                "inspection_valid_until": date.today() + timedelta(days=300)})
        self.stdout.write(f"Permit facts generated for {fill_missing()} vehicles.")
