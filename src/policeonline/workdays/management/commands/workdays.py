"""The working-day calendar, for operators.

    manage.py workdays status [--from YEAR] [--to YEAR]   each year: entered / library / provisional
    manage.py workdays deadline START N                   the N-th working day after START
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from policeonline.workdays.calendar import add_working_days, year_status
from policeonline.workdays.models import CalendarYear


class Command(BaseCommand):
    help = "Show the working-day calendar's years and compute deadlines."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status")
        status.add_argument("--from", dest="first", type=int, default=2024)
        status.add_argument("--to", dest="last", type=int, default=None)
        deadline = sub.add_parser("deadline")
        deadline.add_argument("start")
        deadline.add_argument("n", type=int)

    def handle(self, *args, action, **options):
        if action == "status":
            self.status(options["first"], options["last"] or timezone.localdate().year + 1)
        else:
            try:
                start = date.fromisoformat(options["start"])
            except ValueError:
                raise CommandError("START must be a date, YYYY-MM-DD") from None
            if options["n"] < 0:
                raise CommandError("N must not be negative")
            result = add_working_days(start, options["n"])
            self.stdout.write(f"{result.date.isoformat()}{' provisional' if result.provisional else ''}")

    def status(self, first: int, last: int):
        schedules = {s.year: s for s in CalendarYear.objects.filter(year__range=(first, last))}
        for year in range(first, last + 1):
            line = f"{year}  {year_status(year)}"
            if schedule := schedules.get(year):
                line += f"  {schedule.source} ({schedule.published_on}, {schedule.entered_by})"
            self.stdout.write(line)
