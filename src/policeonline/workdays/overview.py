"""Holidays and make-up working days as periods, for the back-office pages."""

from dataclasses import dataclass
from datetime import date, timedelta

from .calendar import is_working_day


@dataclass
class Period:
    name: str
    working: bool
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def named_periods(start: date, end: date) -> list[Period]:
    """Runs of consecutive named days (holidays, make-up working days, overrides), start..end."""
    periods: list[Period] = []
    d = start
    while d <= end:
        info = is_working_day(d)
        if info.holiday_name:
            last = periods[-1] if periods else None
            if last and (last.name, last.working, last.last) == (info.holiday_name, info.working,
                                                                 d - timedelta(days=1)):
                last.last = d
            else:
                periods.append(Period(info.holiday_name, info.working, d, d))
        d += timedelta(days=1)
    return periods
