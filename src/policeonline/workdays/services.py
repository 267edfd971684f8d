"""The one write path for the calendar: enter or withdraw a year's schedule, add or remove a
single-day override. Each is atomic, audit-logged and moves the revision counter."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.audit.log import record

from .calendar import is_working_day
from .models import CalendarDay, CalendarYear
from .parsing import Entry
from .signals import calendar_changed


class CalendarError(ValueError):
    pass


def override_dates(year: int) -> set[date]:
    return set(CalendarDay.objects.filter(year=None, date__year=year).values_list("date", flat=True))


@transaction.atomic
def enter_schedule(actor: str, year: int, entries: list[Entry], *, published_on: date, source: str,
                   notes: str = "") -> CalendarYear:
    """Store ``entries`` (already parsed and checked) as ``year``'s official schedule, replacing
    the one entered before."""
    clash = sorted(override_dates(year) & {e.date for e in entries})
    if clash:
        raise CalendarError(_("These dates have single-day overrides: %(dates)s.")
                            % {"dates": ", ".join(map(str, clash))})
    now = timezone.now()
    schedule = CalendarYear.objects.select_for_update().filter(year=year).first()
    replaced = schedule is not None
    if replaced:
        schedule.days.all().delete()
    else:
        schedule = CalendarYear(year=year)
    schedule.published_on, schedule.source, schedule.notes = published_on, source, notes
    schedule.entered_by, schedule.entered_at = actor, now
    schedule.save()
    CalendarDay.objects.bulk_create(CalendarDay(date=e.date, kind=e.kind, name=e.name, year=schedule,
                                                entered_by=actor, entered_at=now) for e in entries)
    calendar_changed()
    record(actor, "workdays.schedule.replaced" if replaced else "workdays.schedule.entered", str(year),
           published_on=str(published_on), source=source,
           holidays=sum(e.kind == CalendarDay.Kind.HOLIDAY for e in entries),
           workdays=sum(e.kind == CalendarDay.Kind.WORKDAY for e in entries))
    return schedule


@transaction.atomic
def withdraw_schedule(actor: str, year: int) -> None:
    schedule = CalendarYear.objects.select_for_update().filter(year=year).first()
    if schedule is None:
        raise CalendarError(_("No schedule has been entered for %(year)d.") % {"year": year})
    source = schedule.source
    schedule.delete()
    record(actor, "workdays.schedule.withdrawn", str(year), source=source)


@transaction.atomic
def add_override(actor: str, day: date, kind: str, name: str) -> CalendarDay:
    existing = CalendarDay.objects.select_for_update().filter(date=day).first()
    if existing is not None and existing.year_id is None:
        raise CalendarError(_("%(date)s already has an override; remove it first.") % {"date": day})
    if existing is not None:
        raise CalendarError(_("%(date)s is listed in the entered schedule for %(year)d; change the "
                              "schedule instead.") % {"date": day, "year": day.year})
    working = kind == CalendarDay.Kind.WORKDAY
    if is_working_day(day).working == working:
        message = _("%(date)s is already a working day.") if working else _("%(date)s is already a day off.")
        raise CalendarError(message % {"date": day})
    override = CalendarDay.objects.create(date=day, kind=kind, name=name, entered_by=actor)
    record(actor, "workdays.override.added", str(day), kind=kind, name=name)
    return override


@transaction.atomic
def remove_override(actor: str, day: date) -> None:
    override = CalendarDay.objects.select_for_update().filter(date=day, year=None).first()
    if override is None:
        raise CalendarError(_("%(date)s has no override.") % {"date": day})
    override.delete()
    record(actor, "workdays.override.removed", str(day), kind=override.kind, name=override.name)
