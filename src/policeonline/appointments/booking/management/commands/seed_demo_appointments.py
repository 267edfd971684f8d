"""Seed the demo with a few bookings at the exit-entry and vehicle halls on the next working
days, through the same services a citizen uses (so they cross to the hall's day list as
envelopes). Idempotent: does nothing if the demo applicants already have bookings."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from policeonline.applications.management.commands.seed_demo_applications import _verified_citizen
from policeonline.appointments.booking import services
from policeonline.appointments.booking.models import Booking
from policeonline.appointments.booking.slots import open_slots
from policeonline.appointments.models import Hall
from policeonline.demo.accounts import SEED_APPLICANTS

# (applicant index, hall, item, which free slot of the horizon: spreads them over the first days)
PLAN = [(0, "crj_city", "CRJ-002", 0), (1, "crj_city", "CRJ-004", 1), (0, "crj_city", "CRJ-005", 3),
        (1, "crj_licheng", "CRJ-002", 2), (0, "vehicle_city", "JDC-001", 4)]


class Command(BaseCommand):
    help = "Book a few demo appointments (idempotent)."

    def handle(self, *args, **options):
        call_command("load_halls", stdout=self.stdout)
        citizens = [_verified_citizen(spec) for spec in SEED_APPLICANTS]
        if Booking.objects.filter(owner__in=citizens).exists():
            self.stdout.write("Demo appointments already seeded.")
            return
        booked = 0
        for who, hall_code, item_code, nth in PLAN:
            free = [s for s in open_slots(Hall.objects.get(code=hall_code))[:40] if s.free][nth::5]
            try:
                services.book(citizens[who], free[0].pk, item_code=item_code)
            except (services.Refused, IndexError) as exc:
                self.stdout.write(f"  {item_code} at {hall_code}: not booked ({exc})")
                continue
            booked += 1
        self.stdout.write(f"Booked {booked} demo appointments.")
