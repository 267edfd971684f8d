"""Chinese working days (工作日): is a date a working day, and deadlines counted in working days.

Per date, the first that applies wins:
  1. an administrator's single-day override (``CalendarDay`` without a year);
  2. the official schedule an administrator entered for that year (``CalendarYear``): its listed
     days, and the weekday rule (Monday to Friday) for every other day;
  3. the ``chinesecalendar`` library, for the years it knows;
  4. the weekday rule alone, marked *provisional* (the year's schedule is not yet known).

Each year is worked out once per process and kept in memory; see ``cache`` and ADR 0014.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar

from . import cache
from .models import CalendarDay, CalendarYear

log = logging.getLogger(__name__)
ONE_DAY = timedelta(days=1)
# The library names its days in English; the notices (and our entered schedules) in Chinese.
LIBRARY_NAMES = {h.value: h.chinese for h in chinese_calendar.Holiday}


@dataclass(frozen=True, slots=True)
class DayInfo:
    working: bool
    provisional: bool
    holiday_name: str | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    date: date
    provisional: bool


@dataclass(frozen=True, slots=True)
class Year:
    """One year, worked out: per day index (0 = 1 January) whether it is a working day, whether
    that answer is provisional, and the names of holidays and make-up days."""

    year: int
    status: str  # entered | library | provisional
    first: date
    working: bytes
    provisional: bytes
    names: dict[int, str]

    def info(self, d: date) -> DayInfo:
        i = (d - self.first).days
        return DayInfo(bool(self.working[i]), bool(self.provisional[i]), self.names.get(i))


def is_working_day(d: date) -> DayInfo:
    return _year(_check(d).year).info(d)


def add_working_days(start: date, n: int) -> Deadline:
    """The n-th working day after ``start`` (``start`` itself is not counted; n=0 gives ``start``)."""
    if n < 0:
        raise ValueError("n must not be negative")
    d, provisional = _check(start), False
    year = _year(d.year)
    while n:
        d += ONE_DAY
        if d.year != year.year:
            year = _year(d.year)
        i = (d - year.first).days
        provisional = provisional or bool(year.provisional[i])
        n -= year.working[i]
    return Deadline(d, provisional)


def working_days_between(start: date, end: date) -> tuple[int, bool]:
    """How many working days d there are with start < d <= end, and whether that is provisional."""
    count, provisional = 0, False
    for y in range(_check(start).year, _check(end).year + 1) if end > start else ():
        year = _year(y)
        lo = (start - year.first).days + 1 if y == start.year else 0
        hi = (end - year.first).days + 1 if y == end.year else len(year.working)
        count += sum(year.working[lo:hi])
        provisional = provisional or any(year.provisional[lo:hi])
    return count, provisional


def year_status(year: int) -> str:
    """"entered", "library" or "provisional" (weekends-only, until the schedule is entered)."""
    return _year(year).status


def library_knows(year: int) -> bool:
    try:
        chinese_calendar.get_holiday_detail(date(year, 1, 1))
    except Exception:  # NotImplementedError outside its years; any other failure: not known
        return False
    return True


def _check(d: date) -> date:
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError(f"a date is needed (e.g. timezone.localdate()), not {type(d).__name__}")
    return d


def _year(year: int) -> Year:
    return cache.get(year, build_year)


def build_year(year: int) -> Year:
    """Work one year out from the database and the library (no cache)."""
    first = date(year, 1, 1)
    length = (date(year + 1, 1, 1) - first).days
    days = [first + timedelta(days=i) for i in range(length)]
    working = bytearray(d.weekday() < 5 for d in days)
    provisional = bytearray(length)
    names: dict[int, str] = {}

    entered = CalendarYear.objects.filter(year=year).first()
    if entered is not None:
        status = "entered"
        for day in CalendarDay.objects.filter(year=entered):
            i = (day.date - first).days
            working[i], names[i] = day.working, day.name
    elif (library := _from_library(days)) is not None:
        status = "library"
        for i, (is_holiday, name) in enumerate(library):
            working[i] = not is_holiday
            if name:
                chinese = LIBRARY_NAMES.get(name, name)
                names[i] = chinese if is_holiday else f"{chinese}调休"
    else:
        status = "provisional"
        provisional = bytearray(b"\x01" * length)

    for day in CalendarDay.objects.filter(year=None, date__year=year):
        i = (day.date - first).days
        working[i], provisional[i], names[i] = day.working, False, day.name
    return Year(year, status, first, bytes(working), bytes(provisional), names)


def _from_library(days: list[date]) -> list[tuple[bool, str | None]] | None:
    try:
        return [chinese_calendar.get_holiday_detail(d) for d in days]
    except NotImplementedError:
        return None
    except Exception:  # the library must never break a deadline; fall back, but say so
        log.exception("chinesecalendar failed for %s; using the weekday rule", days[0].year)
        return None
