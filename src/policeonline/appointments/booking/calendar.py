"""Working days on the internet zone (ADR 0018, 0029). The intranet's ``workdays`` calendar
lives in tables this zone does not have; it publishes what its administrators entered
(holidays, make-up working days, single-day overrides: ``calendar.published``), kept here as
``PublishedDay`` and answered first; then the ``chinesecalendar`` library for the years it
knows, and the weekday rule, marked provisional, for the others."""

import time
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

RECHECK_SECONDS = 5.0  # other processes see a newly published calendar within this
_published: dict = {"revision": None, "checked": 0.0, "days": {}}


def forget() -> None:
    """Drop this process's copy (the handler calls it when a new calendar arrives)."""
    _published.update(revision=None, checked=0.0, days={})


def _published_days() -> dict[date, bool]:
    from .models import PublishedCalendar, PublishedDay

    now = time.monotonic()
    if now - _published["checked"] < RECHECK_SECONDS and _published["revision"] is not None:
        return _published["days"]
    revision = PublishedCalendar.objects.values_list("revision", flat=True).first() or 0
    if revision != _published["revision"]:
        _published["days"] = dict(PublishedDay.objects.values_list("date", "working"))
        _published["revision"] = revision
    _published["checked"] = now
    return _published["days"]


def day_info(d: date) -> tuple[bool, bool]:
    """(is it a working day, is that answer provisional)."""
    published = _published_days().get(d)
    if published is not None:
        return published, False
    return _library_day(d)


@lru_cache(maxsize=2048)
def _library_day(d: date) -> tuple[bool, bool]:
    try:
        return chinese_calendar.is_workday(d), False
    except NotImplementedError:
        return d.weekday() < 5, True


def next_working_days(after: date, count: int) -> list[tuple[date, bool]]:
    """The ``count`` working days after ``after`` (not counting it), each with its flag."""
    found, d = [], after
    while len(found) < count:
        d += timedelta(days=1)
        working, provisional = day_info(d)
        if working:
            found.append((d, provisional))
    return found
