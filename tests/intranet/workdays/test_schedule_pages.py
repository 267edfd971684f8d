"""Administrators enter a year's official schedule and single-day overrides in the back office."""

from datetime import date

import pytest

from policeonline.audit.models import AuditEvent
from policeonline.workdays.calendar import Deadline, add_working_days, is_working_day, year_status
from policeonline.workdays.models import CalendarDay, CalendarYear

from ..conftest import make_officer, sign_in

SCHEDULE_2027 = """\
# 国务院办公厅关于2027年部分节假日安排的通知 (as an example)
2027-01-01..2027-01-03 holiday 元旦
2027-02-06..2027-02-13 holiday 春节
2027-02-14 workday 春节调休
"""
NOTICE = "国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕N号"
ID_CARD_CASE = date(2026, 11, 27)  # a Friday; 60 working days


def enter_2027(client, text=SCHEDULE_2027, **extra):
    data = {"published_on": "2026-11-20", "source": NOTICE, "notes": "", "text": text, **extra}
    return client.post("/calendar/2027/enter/", data)


def test_an_entered_schedule_replaces_the_provisional_weekends(admin_client):
    assert add_working_days(ID_CARD_CASE, 60) == Deadline(date(2027, 2, 19), True)
    response = enter_2027(admin_client)
    assert response.status_code == 302 and response["Location"] == "/calendar/2027/"
    assert year_status(2027) == "entered"
    # 24 working days left in 2026; 元旦 (Fri 1 Jan) and the Spring Festival week are off, the
    # make-up Sunday 14 Feb works: the 60th working day moves a week later and is certain.
    assert add_working_days(ID_CARD_CASE, 60) == Deadline(date(2027, 2, 26), False)
    assert is_working_day(date(2027, 2, 14)).holiday_name == "春节调休"
    schedule = CalendarYear.objects.get(year=2027)
    assert (schedule.source, schedule.published_on, schedule.entered_by) == (NOTICE, date(2026, 11, 20),
                                                                            "900200")
    assert schedule.days.count() == 3 + 8 + 1
    event = AuditEvent.objects.get(action="workdays.schedule.entered")
    assert (event.actor, event.target, event.detail["holidays"], event.detail["workdays"]) == (
        "900200", "2027", 11, 1)
    html = admin_client.get("/calendar/2027/").content.decode()
    assert "春节调休" in html and NOTICE in html


def test_entering_again_replaces_the_whole_schedule(admin_client):
    enter_2027(admin_client)
    form = admin_client.get("/calendar/2027/enter/").content.decode()
    assert "2027-02-06..2027-02-13 holiday 春节" in form  # the stored schedule, as text again
    enter_2027(admin_client, text="2027-02-06..2027-02-12 holiday 春节\n")
    assert sorted(CalendarDay.objects.values_list("date", flat=True)) == [
        date(2027, 2, d) for d in range(6, 13)]
    assert is_working_day(date(2027, 1, 1)).working and not is_working_day(date(2027, 1, 1)).provisional
    assert AuditEvent.objects.filter(action="workdays.schedule.replaced", target="2027").count() == 1


def test_withdrawing_returns_the_year_to_provisional(admin_client):
    enter_2027(admin_client)
    admin_client.post("/calendar/2027/withdraw/")
    assert year_status(2027) == "provisional" and not CalendarDay.objects.exists()
    assert add_working_days(ID_CARD_CASE, 60).provisional
    assert AuditEvent.objects.filter(action="workdays.schedule.withdrawn").exists()


@pytest.mark.parametrize(("line", "message"), [
    ("2027-13-01 holiday 元旦", "“2027-13-01” is not a date (YYYY-MM-DD)."),
    ("2026-12-31 holiday 元旦", "Line 2: 2026-12-31 is not in 2027."),
    ("2027-02-13..2027-02-06 holiday 春节", "Line 2: the range ends before it starts."),
    ("2027-02-14 rest 春节调休", "the kind must be “holiday” or “workday”, not “rest”."),
    ("2027-02-14 workday", "Line 2: a name is required"),
    ("2027-02-15 workday 春节调休", "2027-02-15 is a weekday and already a working day"),
    ("2027-01-02 holiday 又一个元旦", "Line 2: 2027-01-02 is already listed on line 1."),
    ("2027-10-01..2027-12-31 holiday 国庆节", "a range of more than 31 days is surely a mistake."),
    ("国庆节 holiday", "is not a date"),
    ("2027-10-01", "expected “DATE holiday|workday NAME”"),
])
def test_a_bad_line_is_explained_and_changes_nothing(admin_client, line, message):
    enter_2027(admin_client, text="2027-01-01..2027-01-03 holiday 元旦\n2027-02-06..2027-02-13 holiday 春节")
    days_before = list(CalendarDay.objects.values_list("date", "kind", "name"))
    events_before = AuditEvent.objects.count()
    text = f"2027-01-01..2027-01-03 holiday 元旦\n{line}\n"
    response = enter_2027(admin_client, text=text, source="改过的")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html and message in html
    assert list(CalendarDay.objects.values_list("date", "kind", "name")) == days_before
    assert CalendarYear.objects.get(year=2027).source == NOTICE
    assert AuditEvent.objects.count() == events_before


def test_an_empty_schedule_or_missing_notice_is_refused(admin_client):
    response = enter_2027(admin_client, text="# nothing yet\n\n")
    assert "The schedule is empty" in response.content.decode()
    response = enter_2027(admin_client, source="")
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert year_status(2027) == "provisional" and not CalendarYear.objects.exists()


def test_a_holiday_on_a_weekend_only_is_saved_with_a_warning(admin_client):
    response = enter_2027(admin_client, text=SCHEDULE_2027 + "2027-01-09..2027-01-10 holiday 周末\n")
    assert response.status_code == 302
    html = admin_client.get(response["Location"]).content.decode()
    assert "every day of it is a Saturday or Sunday" in html


def test_a_single_day_override_wins(admin_client):
    # Over the library: the make-up Saturday after National Day 2025 becomes a day off.
    response = admin_client.post("/calendar/overrides/", {"date": "2025-10-11", "kind": "holiday",
                                                          "name": "台风停工"})
    assert response.status_code == 302
    assert add_working_days(date(2025, 10, 10), 1) == Deadline(date(2025, 10, 13), False)
    # Over an entered schedule's weekday rule.
    enter_2027(admin_client)
    admin_client.post("/calendar/overrides/", {"date": "2027-02-15", "kind": "holiday", "name": "台风停工"})
    assert add_working_days(ID_CARD_CASE, 60) == Deadline(date(2027, 3, 1), False)
    # In a provisional year, the overridden day itself is certain.
    admin_client.post("/calendar/overrides/", {"date": "2028-01-03", "kind": "holiday", "name": "停电"})
    assert is_working_day(date(2028, 1, 3)).provisional is False
    assert AuditEvent.objects.filter(action="workdays.override.added").count() == 3
    assert "台风停工" in admin_client.get("/calendar/overrides/").content.decode()

    admin_client.post("/calendar/overrides/2027-02-15/remove/")
    assert add_working_days(ID_CARD_CASE, 60) == Deadline(date(2027, 2, 26), False)
    assert AuditEvent.objects.filter(action="workdays.override.removed", target="2027-02-15").exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"date": "2027-02-14", "kind": "holiday", "name": "x"}, "is listed in the entered schedule for 2027"),
    ({"date": "2026-03-02", "kind": "workday", "name": "x"}, "2026-03-02 is already a working day."),
    ({"date": "2026-02-16", "kind": "holiday", "name": "x"}, "2026-02-16 is already a day off."),
    ({"date": "2026-03-02", "kind": "holiday", "name": ""}, "This field is required."),
    ({"date": "2026-03-02", "kind": "maybe", "name": "x"}, "Select a valid choice."),
    ({"date": "2026-02-30", "kind": "holiday", "name": "x"}, "Enter a valid date."),
    ({"date": "2101-01-03", "kind": "holiday", "name": "x"}, "Choose a date between 1990 and 2100."),
])
def test_a_bad_override_is_explained_and_changes_nothing(admin_client, data, message):
    enter_2027(admin_client)
    before = CalendarDay.objects.count()
    response = admin_client.post("/calendar/overrides/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert CalendarDay.objects.count() == before


def test_a_second_override_for_the_same_day_is_refused(admin_client):
    data = {"date": "2026-03-02", "kind": "holiday", "name": "台风停工"}
    admin_client.post("/calendar/overrides/", data)
    response = admin_client.post("/calendar/overrides/", data)
    assert "2026-03-02 already has an override" in response.content.decode()
    response = admin_client.post("/calendar/overrides/2026-03-03/remove/", follow=True)
    assert "2026-03-03 has no override." in response.content.decode()


def test_a_schedule_may_not_list_an_overridden_day(admin_client):
    admin_client.post("/calendar/overrides/", {"date": "2027-02-08", "kind": "holiday", "name": "x"})
    response = enter_2027(admin_client)
    assert "Line 3: 2027-02-08 has a single-day override" in response.content.decode()
    assert year_status(2027) == "provisional"


def test_the_overview_lists_years_and_holidays(admin_client):
    html = admin_client.get("/calendar/").content.decode()
    for year in (2024, 2025, 2026, 2027):
        assert f'href="/calendar/{year}/"' in html
    assert "Provisional: weekends only" in html and "From the calendar library" in html
    html = admin_client.get("/calendar/2025/").content.decode()
    assert "国庆节调休" in html and "2025-10-01" in html
    html = admin_client.get("/calendar/?start=2026-11-27&n=60").content.decode()
    assert "60 working days after 2026-11-27: 2027-02-19" in html and "Provisional" in html
    assert admin_client.get("/calendar/1989/").status_code == 404


def test_other_officers_are_refused_and_strangers_sent_to_sign_in(client):
    for path in ("/calendar/", "/calendar/2027/", "/calendar/2027/enter/", "/calendar/overrides/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/officers/login/")
    assert client.post("/calendar/2027/withdraw/").status_code == 302
    sign_in(client, make_officer("100201", "population", ["clerk", "supervisor"]))
    for path in ("/calendar/", "/calendar/2027/", "/calendar/2027/enter/", "/calendar/overrides/"):
        assert client.get(path).status_code == 403
    assert enter_2027(client).status_code == 403
    assert client.post("/calendar/overrides/", {"date": "2026-03-02", "kind": "holiday",
                                                "name": "x"}).status_code == 403
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()
    assert AuditEvent.objects.filter(actor="100201", action="permission.refused").count() == 6
