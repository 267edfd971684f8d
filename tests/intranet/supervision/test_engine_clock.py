"""The figures follow the case engine: a case sent back for corrections stops being overdue
while it waits for the applicant and counts again once they answer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from policeonline.cases import engine
from policeonline.supervision import alerts, figures
from policeonline.supervision.models import Alert

from .conftest import make_case

pytestmark = pytest.mark.django_db


def overdue(today, department):
    period = figures.Period(today, today)
    [row] = figures.by_department(period, today, [department])
    return row.backlog, row.overdue


def test_paused_clock_is_not_overdue_and_resumes(people):
    today = timezone.localdate()
    clerk = people["clerk"]
    case = make_case(due=today - timedelta(days=2), claimed_by=clerk)
    assert overdue(today, clerk.department) == (1, 1)

    engine.perform(case.pk, "request_supplement", engine.Actor.officer(clerk), note="请补充材料")
    case.refresh_from_db()
    assert case.state == "supplement" and case.paused_on == today
    assert overdue(today, clerk.department) == (1, 0)
    alerts.scan()
    assert not Alert.objects.exists()  # nobody is alerted while the applicant has the case

    engine.perform(case.pk, "resubmit", engine.Actor.applicant(case.account_ref), data_json="{}")
    case.refresh_from_db()
    assert case.paused_on is None and case.state == "accepted"
    assert overdue(today, clerk.department) == (1, 1)
    alerts.scan()
    assert Alert.objects.get().condition == "overdue"
