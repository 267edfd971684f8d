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


@receiver(post_save, sender=CalendarYear, dispatch_uid="workdays.year.saved")
@receiver(post_delete, sender=CalendarYear, dispatch_uid="workdays.year.deleted")
@receiver(post_save, sender=CalendarDay, dispatch_uid="workdays.day.saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="workdays.day.deleted")
def _changed(sender, **kwargs):
    calendar_changed()
