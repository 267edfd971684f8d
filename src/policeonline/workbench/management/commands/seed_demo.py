from django.core.management import call_command
from django.core.management.base import BaseCommand

from policeonline.accounts.officers.demo import DEMO_PASSWORD, seed_officers
from policeonline.catalog.models import Department


class Command(BaseCommand):
    help = "Load the catalog and the demo officers into the intranet zone (idempotent)."

    def handle(self, *args, **options):
        call_command("load_catalog", stdout=self.stdout)
        call_command("load_halls", stdout=self.stdout)
        # The registries that information comparison reads: 10,000 synthetic people plus the
        # fixed demo people (idempotent for the same seed and count).
        call_command("generate_registry", persons=10_000, seed=2026, stdout=self.stdout)
        officers = seed_officers({d.code: d for d in Department.objects.all()})
        self.stdout.write(f"{len(officers)} demo officers; password {DEMO_PASSWORD}.")
