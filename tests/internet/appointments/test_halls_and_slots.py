from datetime import date

import pytest

from policeonline.appointments.booking.calendar import day_info, next_working_days
from policeonline.appointments.booking.slots import ensure_slots, open_slots
from policeonline.appointments.halls import HallsError, load_halls, read_halls
from policeonline.appointments.models import Hall


def test_the_halls_file_is_valid_and_loads_idempotently(halls):
    assert {"crj_city", "vehicle_city", "station_quancheng"} <= set(halls)
    assert halls["crj_city"].serves_item("CRJ-001") and not halls["crj_city"].serves_item("JDC-001")
    before = list(Hall.objects.values())
    assert load_halls() == len(read_halls().halls)
    assert list(Hall.objects.values()) == before


def test_a_bad_file_changes_nothing(halls, tmp_path):
    bad = tmp_path / "halls.yaml"
    bad.write_text("format: 1\nhalls:\n  - code: x1\n    name: {zh: 厅, en: Hall}\n"
                   "    address: {zh: 址, en: Addr}\n    department: exit_entry\n    serves: [CRJ-*]\n"
                   "    slot_minutes: 30\n    capacity: 2\n    hours: {default: ['12:00-09:00']}\n",
                   encoding="utf-8")
    with pytest.raises(HallsError) as exc:
        load_halls(bad)
    assert "12:00-09:00" in str(exc.value)
    assert Hall.objects.filter(code="x1").count() == 0


@pytest.mark.django_db  # the intranet's published calendar is read first (ADR 0029)
def test_working_days_follow_the_official_schedule():
    assert day_info(date(2026, 10, 1)) == (False, False)  # National Day
    assert day_info(date(2026, 10, 10)) == (True, False)  # make-up working Saturday (调休)
    assert day_info(date(2040, 6, 4)) == (True, True)  # unknown year: weekday rule, provisional
    assert [d for d, _ in next_working_days(date(2026, 9, 30), 2)] == [date(2026, 10, 8), date(2026, 10, 9)]


@pytest.mark.django_db
def test_slots_only_on_working_days_within_opening_hours(halls):
    hall = halls["crj_licheng"]  # Friday mornings only
    ensure_slots(hall, [(date(2026, 12, 4), False), (date(2026, 12, 7), False)])
    ensure_slots(hall, [(date(2026, 12, 4), False)])  # twice: no duplicates
    friday = hall.slots.filter(starts_at__date=date(2026, 12, 4))
    monday = hall.slots.filter(starts_at__date=date(2026, 12, 7))
    assert friday.count() == 5 and monday.count() == 5 + 6
    assert {s.capacity for s in friday} == {3}
    assert all(s.starts_at.astimezone().hour < 12 for s in friday)


@pytest.mark.django_db
def test_open_slots_cover_the_next_working_days(halls):
    found = list(open_slots(halls["crj_city"]))
    dates = {s.starts_at.date() for s in found}
    assert len(dates) >= 9
    assert all(day_info(d)[0] for d in dates)
