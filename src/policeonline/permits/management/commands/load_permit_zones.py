"""Load the restricted zones of core/data/permit_zones.yaml into the portal (idempotent)."""

from django.core.management.base import BaseCommand

from policeonline.core.permit_zones import load_into

from ...models import PermitZone


class Command(BaseCommand):
    help = "Load the pass-permit zones, time windows and quotas from the data file."

    def handle(self, *args, **options):
        created, updated = load_into(PermitZone)
        self.stdout.write(f"Permit zones: {created} created, {updated} updated.")
