"""Any change to the calendar tables, whoever makes it (pages, admin, shell), moves the revision
counter in the same transaction and drops this process's cached years, now and after commit."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import cache
from .models import CalendarDay, CalendarRevision, CalendarYear


def calendar_changed() -> None:
    CalendarRevision.bump()
    cache.clear()
    transaction.on_commit(cache.clear)
    publish()


def publish() -> None:
    """Send the entered days to the portal, which books appointments on working days (ADR
    0029): in the same transaction as the change, numbered by the revision counter."""
    from datetime import timedelta

    from django.utils import timezone

    from policeonline.exchange.outbox import enqueue
    from policeonline.messages.appointments import CALENDAR_DAYS

    since = timezone.localdate() - timedelta(days=7)
    days = [{"date": d.isoformat(), "working": kind == CalendarDay.Kind.WORKDAY, "name": name[:50]}
            for d, kind, name in CalendarDay.objects.filter(date__gte=since).order_by("date")
            .values_list("date", "kind", "name")[:CALENDAR_DAYS]]
    enqueue("calendar.published", {"revision": CalendarRevision.current(), "days": days,
                                   "published_at": timezone.now().isoformat().replace("+00:00", "Z")},
            correlation_id="calendar")


@receiver(post_save, sender=CalendarYear, dispatch_uid="workdays.year.saved")
@receiver(post_delete, sender=CalendarYear, dispatch_uid="workdays.year.deleted")
@receiver(post_save, sender=CalendarDay, dispatch_uid="workdays.day.saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="workdays.day.deleted")
def _changed(sender, **kwargs):
    calendar_changed()
