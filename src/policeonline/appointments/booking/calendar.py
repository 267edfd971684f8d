"""Working days on the internet zone (ADR 0018). The intranet's ``workdays`` calendar lives in
tables this zone does not have; here the ``chinesecalendar`` library answers for the years it
knows, and the weekday rule, marked provisional, for the others."""

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar


@lru_cache(maxsize=2048)
def day_info(d: date) -> tuple[bool, bool]:
    """(is it a working day, is that answer provisional)."""
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
