"""Slots exist only on working days within each hall's opening windows. They are created on
demand for the booking horizon; a unique (hall, start) makes concurrent creation harmless."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from policeonline.appointments.models import Hall

from .calendar import next_working_days
from .models import Slot
from .rules import limit


def ensure_slots(hall: Hall, days: list[tuple[date, bool]]) -> None:
    tz = timezone.get_current_timezone()
    step = timedelta(minutes=hall.slot_minutes)
    rows = []
    for day, provisional in days:
        for opens, closes in hall.windows(day.weekday()):
            start = datetime.combine(day, opens, tz)
            end_of_window = datetime.combine(day, closes, tz)
            while start + step <= end_of_window:
                rows.append(Slot(hall=hall, starts_at=start, ends_at=start + step,
                                 capacity=hall.capacity, provisional=provisional))
                start += step
    # Usually they all exist already: one read instead of a write on every page view.
    if Slot.objects.filter(hall=hall, starts_at__in=[r.starts_at for r in rows]).count() < len(rows):
        Slot.objects.bulk_create(rows, ignore_conflicts=True)


def horizon(today: date | None = None) -> list[tuple[date, bool]]:
    return next_working_days(today or timezone.localdate(), limit("APPOINTMENT_BOOKING_DAYS"))


def open_slots(hall: Hall, today: date | None = None):
    """The hall's slots in the booking horizon that start in the future and have a seat."""
    days = horizon(today)
    ensure_slots(hall, days)
    dates = [d for d, _ in days]
    return (Slot.objects.filter(hall=hall, starts_at__date__in=dates, starts_at__gt=timezone.now())
            .order_by("starts_at"))
