"""Demo only: give the demo officers an email address (so alerts also arrive as email in
EMAIL_FILE_PATH, ``var/mail/`` by default), alert the seeded cases now, and make last week's
weekly reports so the dashboard has something to download. Idempotent."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from policeonline.accounts.officers.models import Officer
from policeonline.demo.accounts import OFFICERS
from policeonline.supervision import alerts, reports


class Command(BaseCommand):
    help = "Seed the supervision demo (officers' emails, alerts, last week's reports)."

    def handle(self, *args, **options):
        for number, *_rest in OFFICERS:
            Officer.objects.filter(username=number, email="").update(email=f"{number}@police.jinan.example")
        self.stdout.write(alerts.scan())
        made = reports.generate(reports.last_week(timezone.localdate()))
        self.stdout.write(f"{made} weekly report(s) made")
