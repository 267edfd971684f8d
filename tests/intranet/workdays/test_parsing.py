from datetime import date

import pytest

from policeonline.workdays.parsing import Entry, ScheduleError, parse, render


def test_ranges_expand_and_render_back():
    text = "2027-01-01..2027-01-03 holiday 元旦\n\n# a comment\n2027-02-14 WORKDAY 春节 调休\n"
    entries, warnings = parse(2027, text)
    assert entries == [Entry(date(2027, 1, d), "holiday", "元旦") for d in (1, 2, 3)] + [
        Entry(date(2027, 2, 14), "workday", "春节 调休")]
    assert warnings == []
    assert render(entries) == "2027-01-01..2027-01-03 holiday 元旦\n2027-02-14 workday 春节 调休"


def test_every_bad_line_is_reported_at_once():
    with pytest.raises(ScheduleError) as raised:
        parse(2027, "2027-02-30 holiday x\n2027-01-01 holiday\n2027-01-04 workday 调休")
    assert [e.split(":")[0] for e in raised.value.errors] == ["Line 1", "Line 2", "Line 3"]


def test_an_overridden_day_cannot_be_listed():
    with pytest.raises(ScheduleError, match="single-day override"):
        parse(2027, "2027-10-01..2027-10-07 holiday 国庆节", overrides={date(2027, 10, 4)})
