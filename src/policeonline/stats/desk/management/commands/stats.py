"""Statistics on the intranet (ADR 0026).

    manage.py stats refresh                      # what the hourly job does: count, then publish
    manage.py stats rebuild --from 2026-01-01 [--to 2026-11-27]   # count a range again, publish
    manage.py stats republish                    # send every stored row to the portal again
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Min
from django.utils import timezone

from policeonline.cases.models import CaseEvent

from ...counting import rebuild, refresh
from ...publishing import publish_changed, republish_all


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {text}") from exc


class Command(BaseCommand):
    help = "Count the public statistics' daily figures and publish them to the portal."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["refresh", "rebuild", "republish"])
        parser.add_argument("--from", dest="first", help="first day (default: the first case's)")
        parser.add_argument("--to", dest="last", help="last day (default: today)")

    def handle(self, action, first=None, last=None, **options):
        if action == "refresh":
            changed = refresh()
        elif action == "rebuild":
            today = timezone.localdate()
            if first:
                start = _day(first)
            else:
                oldest = CaseEvent.objects.aggregate(at=Min("at"))["at"]
                start = timezone.localdate(oldest) if oldest else today
            end = _day(last) if last else today
            if end < start:
                raise CommandError("--to is before --from")
            changed = rebuild(start, end)
        else:
            changed = 0
            self.stdout.write(f"{republish_all()} row(s) sent to the portal again")
            return
        self.stdout.write(f"{changed} daily row(s) changed, {publish_changed()} sent to the portal")
