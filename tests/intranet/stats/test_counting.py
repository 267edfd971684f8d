"""The daily figures per item and department: what a reader of the public statistics sees."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError

from policeonline.cases import engine
from policeonline.cases.models import Case, CaseEvent
from policeonline.stats.desk.counting import count_day, rebuild, refresh
from policeonline.stats.desk.models import DailyFigures
from policeonline.workdays.calendar import working_days_between

from .conftest import concluded, rated, received

pytestmark = pytest.mark.django_db
MON = date(2026, 11, 2)  # a Monday; 2026-11-02 … 11-13 are plain working weeks


def figures(day, item, department):
    row = DailyFigures.objects.get(day=day, item_code=item, department_code=department)
    return {n: getattr(row, n) for n in ("received", "completed", "on_time", "working_days",
                                         "ratings", "rating_sum", "satisfied")}


def test_received_completed_on_time_and_working_days(portal):
    a, b, c = (received(portal, "HZ-001", MON) for _ in range(3))
    day = MON + timedelta(days=9)  # Wednesday of the next week
    concluded(a, day, accepted=MON, due=day)  # on the due date: on time
    concluded(b, day, "rejected", accepted=MON, due=day - timedelta(days=1))  # a day late
    concluded(c, day, "withdrawn")  # a withdrawal is not a completion
    rebuild(MON, day)
    dept = a.department_code
    assert figures(MON, "HZ-001", dept)["received"] == 3
    done = figures(day, "HZ-001", dept)
    assert done["completed"] == 2 and done["on_time"] == 1
    assert done["working_days"] == 2 * working_days_between(MON, day)[0] == 14


def test_a_case_refused_at_intake_counts_as_completed_on_time(portal, officers):
    case = Case.objects.get(application_id=portal.submit("HZ-001")[0])
    clerk = engine.Actor.officer(officers["clerk"])
    engine.claim(case.pk, clerk)
    engine.perform(case.pk, "refuse", clerk, reason_code="outside_competence")
    refresh()
    today = engine.today()
    assert figures(today, "HZ-001", case.department_code) == {
        "received": 1, "completed": 1, "on_time": 1, "working_days": 0,
        "ratings": 0, "rating_sum": 0, "satisfied": 0}


def test_satisfaction_counts_case_ratings_only(portal):
    cases = [received(portal, "HZ-001", MON) for _ in range(3)]
    for case in cases:
        concluded(case, MON)
    rated(cases[0], MON + timedelta(days=1), 5)
    rated(cases[1], MON + timedelta(days=1), 4)
    rated(cases[2], MON + timedelta(days=1), 1)
    rated(cases[2], MON + timedelta(days=1), 5, kind="followup")  # the follow-up is not the service
    rebuild(MON, MON + timedelta(days=1))
    row = figures(MON + timedelta(days=1), "HZ-001", cases[0].department_code)
    assert (row["ratings"], row["rating_sum"], row["satisfied"]) == (3, 10, 2)


def test_statistics_survive_deleting_the_cases(portal):
    cases = [received(portal, "HZ-001", MON) for _ in range(2)]
    concluded(cases[0], MON, accepted=MON, due=MON)
    rated(cases[0], MON, 5)
    rebuild(MON, MON)
    dept = cases[0].department_code
    before = figures(MON, "HZ-001", dept)
    assert before["received"] == 2 and before["completed"] == 1 and before["ratings"] == 1

    _delete_cases(Case.objects.all())  # e.g. retention removed them
    assert not Case.objects.exists()
    assert count_day(MON) == {}  # the sources are empty now …
    assert rebuild(MON, MON) == 0  # … counting again changes nothing
    refresh()
    call_command("stats", "rebuild", "--from", MON.isoformat(), "--to", MON.isoformat())
    assert figures(MON, "HZ-001", dept) == before


def test_counting_again_is_idempotent_and_only_changes_what_changed(portal):
    case = received(portal, "HZ-001", MON)
    assert rebuild(MON, MON) == 1
    assert rebuild(MON, MON) == 0
    DailyFigures.objects.update(published=True)
    concluded(case, MON)
    assert rebuild(MON, MON) == 1
    assert DailyFigures.objects.get().published is False  # awaits publication again


def test_refresh_recounts_the_days_that_new_events_touched(portal):
    received(portal, "HZ-001", MON)
    refresh()  # reads the new event (dated MON) as well as today and yesterday
    assert figures(MON, "HZ-001", "population")["received"] == 1
    assert refresh() >= 0 and figures(MON, "HZ-001", "population")["received"] == 1


def test_the_rebuild_command_refuses_bad_dates():
    with pytest.raises(CommandError, match="not a date"):
        call_command("stats", "rebuild", "--from", "2026-13-01")
    with pytest.raises(CommandError, match="before"):
        call_command("stats", "rebuild", "--from", "2026-11-02", "--to", "2026-11-01")
    assert not DailyFigures.objects.exists()


def _delete_cases(qs):
    """What a retention job would do: each case with every row that refers to it (found by
    its foreign keys, so rows added by later features go too) and its log."""
    ids = list(qs.values_list("pk", flat=True))
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if f.many_to_one and f.related_model is Case and model not in (Case, CaseEvent):
                _delete_rows(model.objects.filter(**{f"{f.name}__in": ids}))
    CaseEvent.objects.filter(case_id__in=ids)._raw_delete(CaseEvent.objects.db)  # append-only otherwise
    Case.objects.filter(pk__in=ids).delete()


def _delete_rows(qs):
    try:
        qs.delete()
    except ProtectedError as exc:  # e.g. a rectification task protecting its rating
        for obj in exc.protected_objects:
            type(obj).objects.filter(pk=obj.pk).delete()
        qs.delete()
