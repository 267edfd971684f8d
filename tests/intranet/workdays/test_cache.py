"""Cached years are dropped when the calendar changes: at once in this process, and in other
processes once they next read the revision counter (at most CHECK_SECONDS later)."""

from datetime import date

from django.core.management import call_command

from policeonline.workdays import cache
from policeonline.workdays.calendar import add_working_days, is_working_day, year_status
from policeonline.workdays.models import CalendarDay, CalendarRevision, CalendarYear
from policeonline.workdays.parsing import Entry
from policeonline.workdays.services import add_override, enter_schedule


def test_a_change_in_this_process_is_seen_at_once(django_assert_num_queries):
    assert year_status(2027) == "provisional"
    with django_assert_num_queries(0):
        assert year_status(2027) == "provisional"  # cached
    revision = CalendarRevision.current()
    enter_schedule("900100", 2027, [Entry(date(2027, 1, 1), "holiday", "元旦")],
                   published_on=date(2026, 11, 20), source="国办发明电〔2026〕N号")
    assert CalendarRevision.current() > revision
    assert year_status(2027) == "entered" and not is_working_day(date(2027, 1, 1)).working


def test_writes_outside_the_pages_invalidate_too():
    """The admin, a shell or a data migration save through the ORM; the signals catch them."""
    assert is_working_day(date(2026, 3, 2)).working
    day = CalendarDay.objects.create(date=date(2026, 3, 2), kind="holiday", name="停电")
    assert not is_working_day(date(2026, 3, 2)).working
    day.kind = "workday"
    day.save()
    assert is_working_day(date(2026, 3, 2)).working
    assert year_status(2028) == "provisional"
    CalendarYear.objects.create(year=2028, published_on=date(2027, 11, 1), source="x", entered_by="x")
    assert year_status(2028) == "entered"
    CalendarYear.objects.filter(year=2028).delete()
    assert year_status(2028) == "provisional"


def test_another_process_s_change_is_seen_after_the_check_interval(monkeypatch):
    add_override("900100", date(2026, 3, 9), "holiday", "停电")
    assert add_working_days(date(2026, 3, 6), 1).date == date(2026, 3, 10)
    # Another process changes the row and moves the counter; no signal runs in this process.
    CalendarDay.objects.filter(date=date(2026, 3, 9)).update(kind="workday")
    CalendarRevision.bump()
    assert add_working_days(date(2026, 3, 6), 1).date == date(2026, 3, 10)  # still cached
    monkeypatch.setattr(cache, "CHECK_SECONDS", 0.0)  # as if the interval had passed
    assert add_working_days(date(2026, 3, 6), 1).date == date(2026, 3, 9)


def test_an_unchanged_counter_keeps_the_cache(monkeypatch, django_assert_num_queries):
    year_status(2026)
    monkeypatch.setattr(cache, "CHECK_SECONDS", 0.0)
    with django_assert_num_queries(1):  # the counter only; the year is not rebuilt
        year_status(2026)


def test_the_operators_command(capsys):
    enter_schedule("900100", 2027, [Entry(date(2027, 1, 1), "holiday", "元旦")],
                   published_on=date(2026, 11, 20), source="国办发明电〔2026〕N号")
    call_command("workdays", "status", "--from", "2025", "--to", "2028")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2025  library" and out[3] == "2028  provisional"
    assert out[2].startswith("2027  entered  国办发明电〔2026〕N号 (2026-11-20, 900100)")
    call_command("workdays", "deadline", "2026-11-27", "60")
    assert capsys.readouterr().out.strip() == "2027-02-22"  # 元旦 is off; no longer provisional
