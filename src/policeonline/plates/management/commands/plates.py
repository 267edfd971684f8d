"""manage.py plates expire — return expired holds to the pool (run every minute by the
scheduler; the selection already treats an expired hold as free when it reads)."""

from django.core.management.base import BaseCommand

from policeonline.plates.services import expire_holds


class Command(BaseCommand):
    help = "Plate self-selection housekeeping: `expire` returns expired holds to the pool."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["expire"])

    def handle(self, *args, action, **options):
        total = 0
        while True:
            freed = expire_holds()
            total += freed
            if freed < 1000:
                break
        self.stdout.write(f"{total} expired holds returned to the pool.")
