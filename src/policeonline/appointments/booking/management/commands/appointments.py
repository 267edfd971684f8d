from datetime import date

from django.core.management.base import BaseCommand

from policeonline.appointments.booking.reminders import send_reminders


class Command(BaseCommand):
    help = ("Appointments on the portal. `remind`: message and SMS every citizen whose visit is "
            "on the next working day (idempotent; run it daily, e.g. from cron at 16:00).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind")
        remind.add_argument("--today", type=date.fromisoformat, default=None,
                            help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, action, today=None, **options):
        if action == "remind":
            self.stdout.write(f"Reminders sent: {send_reminders(today)}.")
