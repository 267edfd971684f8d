"""``manage.py supervision alerts`` — alert overdue and due-soon cases now (idempotent).
``manage.py supervision report [--week YYYY-MM-DD] [--replace]`` — make the weekly reports of
the week containing that day (default: last week)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from policeonline.supervision import alerts, reports


class Command(BaseCommand):
    help = "Supervision: overdue alerts and weekly reports."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("alerts", help="Alert cases that became overdue or due soon.")
        report = sub.add_parser("report", help="Make the weekly reports (PDF and CSV).")
        report.add_argument("--week", help="A day of the week to report (default: last week).")
        report.add_argument("--replace", action="store_true", help="Make them again if they exist.")

    def handle(self, *args, action, **options):
        if action == "alerts":
            self.stdout.write(alerts.scan())
            return
        today = timezone.localdate()
        if options["week"]:
            try:
                period = reports.week_of(date.fromisoformat(options["week"]))
            except ValueError as exc:
                raise CommandError(f"--week: not a date (YYYY-MM-DD): {options['week']}") from exc
        else:
            period = reports.last_week(today)
        made = reports.generate(period, replace=options["replace"])
        self.stdout.write(f"week {period.start} – {period.end}: {made} report(s) made")
