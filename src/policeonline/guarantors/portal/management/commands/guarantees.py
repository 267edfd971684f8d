"""``manage.py guarantees expire``: close guarantee requests not answered in time and tell the
case (idempotent; run it daily, e.g. from the scheduler, after midnight)."""

from django.core.management.base import BaseCommand

from policeonline.guarantors.portal.services import expire_overdue


class Command(BaseCommand):
    help = "Guarantee requests: expire the ones not answered by their last working day."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["expire"])

    def handle(self, *args, **options):
        closed = expire_overdue()
        self.stdout.write(f"{closed} guarantee request(s) expired")
