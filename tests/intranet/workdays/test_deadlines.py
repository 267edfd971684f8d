"""Deadline arithmetic in Chinese working days, checked against chinese_calendar's own data."""

import time
from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from policeonline.workdays.calendar import (
    DayInfo,
    Deadline,
    add_working_days,
    is_working_day,
    working_days_between,
    year_status,
)

NATIONAL_DAY_2025 = [date(2025, 10, d) for d in range(1, 9)]
MAKE_UP_2025 = [date(2025, 9, 28), date(2025, 10, 11)]  # a Sunday and a Saturday
SPRING_FESTIVAL_2026 = [date(2026, 2, d) for d in range(15, 24)]
MAKE_UP_2026 = [date(2026, 2, 14), date(2026, 2, 28)]  # two Saturdays


def test_the_facts_are_the_library_s():
    for d in NATIONAL_DAY_2025 + SPRING_FESTIVAL_2026:
        assert chinese_calendar.is_holiday(d), d
    for d in MAKE_UP_2025 + MAKE_UP_2026:
        assert d.weekday() >= 5 and chinese_calendar.is_workday(d), d
    assert not chinese_calendar.is_workday(date(2025, 9, 27))  # the Saturday before stays off
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))


def test_days_of_national_day_2025():
    assert is_working_day(date(2025, 10, 3)) == DayInfo(False, False, "国庆节")
    assert is_working_day(date(2025, 9, 28)) == DayInfo(True, False, "国庆节调休")
    assert is_working_day(date(2025, 10, 11)).working
    assert is_working_day(date(2025, 10, 12)) == DayInfo(False, False, None)  # an ordinary Sunday
    assert is_working_day(date(2025, 10, 9)) == DayInfo(True, False, None)
    assert year_status(2025) == year_status(2026) == "library"


@pytest.mark.parametrize(("start", "n", "expected"), [
    (date(2025, 9, 26), 0, date(2025, 9, 26)),
    (date(2025, 9, 26), 1, date(2025, 9, 28)),   # Friday → the make-up Sunday
    (date(2025, 9, 30), 1, date(2025, 10, 9)),   # over the eight days of holiday
    (date(2025, 9, 30), 3, date(2025, 10, 11)),  # …and onto the make-up Saturday
    (date(2025, 10, 3), 1, date(2025, 10, 9)),   # from inside the holiday
    (date(2025, 9, 25), 10, date(2025, 10, 15)),
    (date(2026, 2, 13), 1, date(2026, 2, 14)),   # Friday → the make-up Saturday
    (date(2026, 2, 14), 1, date(2026, 2, 24)),   # over the nine days of Spring Festival
    (date(2026, 2, 13), 6, date(2026, 2, 28)),   # the second make-up Saturday
    (date(2026, 2, 13), 10, date(2026, 3, 5)),
])
def test_add_working_days_over_the_holidays(start, n, expected):
    assert add_working_days(start, n) == Deadline(expected, False)


def test_working_days_between():
    assert working_days_between(date(2025, 9, 26), date(2025, 10, 12)) == (6, False)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 28)) == (6, False)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 13)) == (0, False)
    assert working_days_between(date(2026, 3, 1), date(2026, 2, 1)) == (0, False)
    assert working_days_between(date(2025, 12, 31), date(2026, 12, 31))[0] == sum(
        chinese_calendar.is_workday(date(2026, 1, 1) + timedelta(days=i)) for i in range(365))


def test_between_and_add_agree_across_years():
    start = date(2025, 9, 20)
    for n in (0, 1, 5, 60, 250, 400):
        deadline = add_working_days(start, n)
        assert working_days_between(start, deadline.date) == (n, deadline.provisional)


def test_2027_falls_back_to_weekends_only_and_says_so():
    assert year_status(2027) == "provisional"
    assert is_working_day(date(2027, 1, 1)) == DayInfo(True, True, None)  # 元旦, unknown yet
    assert is_working_day(date(2027, 1, 2)) == DayInfo(False, True, None)
    # 60 working days for an ID card opened on Friday 2026-11-27: 24 in 2026, 36 in 2027.
    assert add_working_days(date(2026, 11, 27), 60) == Deadline(date(2027, 2, 19), True)
    assert add_working_days(date(2026, 11, 27), 24) == Deadline(date(2026, 12, 31), False)
    assert working_days_between(date(2026, 11, 27), date(2027, 2, 19)) == (60, True)


def test_no_date_from_1990_to_2100_raises():
    for year in range(1990, 2101):
        assert year_status(year) in {"library", "provisional"}
        assert isinstance(is_working_day(date(year, 12, 31)), DayInfo)
        assert add_working_days(date(year, 1, 1), 300).date.year in {year, year + 1}
    assert year_status(1995) == year_status(2099) == "provisional"
    assert year_status(2004) == "library"


def test_negative_n_or_a_datetime_is_a_programming_error():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)
    with pytest.raises(TypeError, match="a date is needed"):  # which day a datetime is depends on its zone
        add_working_days(datetime(2026, 1, 5, 23, 30), 1)


def test_sixty_working_days_are_cheap_once_the_years_are_known(django_assert_num_queries):
    start = date(2026, 11, 27)
    add_working_days(start, 60)
    with django_assert_num_queries(0):
        began = time.perf_counter()
        for _ in range(1000):
            add_working_days(start, 60)
        each = (time.perf_counter() - began) / 1000
    assert each < 0.002, f"{each * 1e6:.0f} µs per deadline"
