from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from policeonline.appointments.halls import DATA_FILE, HallsError, load_halls


class Command(BaseCommand):
    help = "Check the service halls file and load it into this zone's database (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DATA_FILE)

    def handle(self, *args, file, **options):
        try:
            count = load_halls(file)
        except HallsError as exc:
            raise CommandError("The halls were not loaded; nothing changed:\n  "
                               + "\n  ".join(exc.problems)) from None
        self.stdout.write(f"Service halls: {count} active.")
