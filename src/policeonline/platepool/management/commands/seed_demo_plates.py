"""Release the demo's plate pools (idempotent): blue small-car numbers, green new-energy
numbers, and a pattern pool, released by the vehicle office's demo supervisor. Run after the
exchange keys exist: the release is signed and queued for the portal like any other."""

from django.core.management.base import BaseCommand

from policeonline.accounts.officers.models import Officer
from policeonline.platepool import services
from policeonline.platepool.models import Pool

DEMO_POOLS = [("02", "count", "500", "演示：小型汽车号牌"),
              ("52", "count", "300", "演示：小型新能源汽车号牌"),
              ("02", "pattern", "66?6?", "演示：按规则放号")]


class Command(BaseCommand):
    help = "Release the demo plate pools to the internet zone (idempotent)."

    def handle(self, *args, **options):
        if Pool.objects.exists():
            self.stdout.write("Demo plate pools already released.")
            return
        officer = Officer.objects.get(username="300002")  # 钱进, vehicle office supervisor
        for plate_type, method, spec, note in DEMO_POOLS:
            pool = services.release(officer, "鲁A", plate_type, method, spec, note)
            self.stdout.write(f"Released pool {pool.code}: {pool.numbers.count()} numbers.")
