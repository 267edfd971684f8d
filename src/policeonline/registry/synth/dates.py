"""The synthetic calendar. "Today" is fixed so that a seed always gives the same data."""

from datetime import date, timedelta

TODAY = date(2025, 6, 30)
FIRST_BIRTH = date(1930, 1, 1)
LAST_BIRTH = date(2020, 12, 31)
BIRTH_DAYS = (LAST_BIRTH - FIRST_BIRTH).days + 1


def day_in_year(rng, year: int) -> date:
    start = date(year, 1, 1)
    return start + timedelta(days=rng.randrange((date(year + 1, 1, 1) - start).days))


def between(rng, start: date, end: date) -> date:
    """A uniformly random day in [start, end] (start when the range is empty)."""
    span = (end - start).days
    return start + timedelta(days=rng.randrange(span + 1)) if span > 0 else start


def plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_on(born: date, day: date = TODAY) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
