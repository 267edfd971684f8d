"""manage.py plates expire — return expired holds to the pool (run every minute by the
scheduler; the selection already treats an expired hold as free when it reads).
manage.py plates stock — report free/held/allocated/withdrawn per pool to the vehicle office
(every few minutes)."""

from django.core.management.base import BaseCommand

from policeonline.plates.services import expire_holds
from policeonline.plates.stock import report


class Command(BaseCommand):
    help = ("Plate self-selection housekeeping: `expire` returns expired holds to the pool; "
            "`stock` reports each pool's counts to the intranet.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["expire", "stock"])

    def handle(self, *args, action, **options):
        if action == "stock":
            self.stdout.write(f"Stock of {report()} pools reported to the intranet.")
            return
        total = 0
        while True:
            freed = expire_holds()
            total += freed
            if freed < 1000:
                break
        self.stdout.write(f"{total} expired holds returned to the pool.")
