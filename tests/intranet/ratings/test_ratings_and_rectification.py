"""On the intranet: ratings arrive and are kept per case (once per kind); a poor one opens a
rectification task for the case's department due in 15 working days, which the citizen is told;
the department claims and answers it (back to the citizen), the citizen may rate the answer;
overdue tasks are flagged and escalated to the department's supervisors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from policeonline.audit.models import AuditEvent
from policeonline.exchange.models import OutboxEntry, QuarantinedEnvelope
from policeonline.ratings.desk import services
from policeonline.ratings.desk.jobs import rectification_overdue
from policeonline.ratings.desk.models import Rating, RectificationTask
from policeonline.workdays.calendar import add_working_days

from ..conftest import sign_in
from .conftest import finished_case, rating

pytestmark = pytest.mark.django_db


def sent(type_name="rectification.updated"):
    return OutboxEntry.objects.filter(type=type_name).count()


def test_a_good_rating_is_kept_and_opens_nothing(portal, case):
    rating(portal, case, 5, comment="很好")
    kept = Rating.objects.get()
    assert (kept.case, kept.level, kept.kind, kept.comment) == (case, 5, "case", "很好")
    assert not RectificationTask.objects.exists() and sent() == 0


def test_a_poor_rating_opens_a_task_due_in_15_working_days(portal, case):
    level = 2  # 不满意 (1, 非常不满意, does too: see the tests below)
    rating(portal, case, level, comment="等太久")
    task = RectificationTask.objects.get()
    assert task.department_code == case.department_code == "public_order"
    assert task.due_date == add_working_days(timezone.localdate(), 15).date
    assert task.status == "open" and task.rating.level == level
    assert sent() == 1  # the citizen is told the department is on it


def test_fairly_satisfied_opens_nothing(portal, case):
    rating(portal, case, 3)
    assert not RectificationTask.objects.exists()


def test_a_second_rating_changes_nothing_and_a_replay_is_idempotent(portal, case):
    rating(portal, case, 1, rating_id="00000000-0000-0000-0000-000000000001")
    rating(portal, case, 5)  # a second rating of the same case
    rating(portal, case, 1, rating_id="00000000-0000-0000-0000-000000000001")  # the same again
    assert list(Rating.objects.values_list("level", flat=True)) == [1]
    assert RectificationTask.objects.count() == 1 and sent() == 1
    assert AuditEvent.objects.filter(action="rating.duplicate").count() == 1


def test_a_rating_of_an_open_case_is_quarantined_not_stored(portal):
    app_id, _ = portal.submit("ZA-001")
    from policeonline.cases.models import Case

    rating(portal, Case.objects.get(application_id=app_id), 1)
    assert not Rating.objects.exists()
    assert QuarantinedEnvelope.objects.filter(type="rating.submitted").count() == 1


def test_a_follow_up_rating_before_an_answer_is_quarantined(portal, case):
    rating(portal, case, 1)
    rating(portal, case, 5, kind="followup")
    assert list(Rating.objects.values_list("kind", flat=True)) == ["case"]
    assert QuarantinedEnvelope.objects.filter(type="rating.submitted").count() == 1


def test_the_department_sees_claims_and_answers_and_the_citizen_rates_it(client, portal, case, team):
    rating(portal, case, 2, comment="窗口态度差")
    task = RectificationTask.objects.get()
    sign_in(client, team["clerk"])
    listed = client.get("/rectification/").content.decode()
    assert case.receipt_no in listed and "窗口态度差" not in listed  # the list shows no comment
    page = client.get(f"/rectification/{task.pk}/").content.decode()
    assert "窗口态度差" in page and f'/cases/{case.pk}/' in page
    assert AuditEvent.objects.filter(action="rectification.viewed", actor="500901").exists()
    client.post(f"/rectification/{task.pk}/claim/")
    short = client.post(f"/rectification/{task.pk}/answer/", {"answer": "已处理"})
    assert short.status_code == 422
    task.refresh_from_db()
    assert task.status == "claimed" and task.answer == "" and sent() == 1
    client.post(f"/rectification/{task.pk}/answer/", {"answer": "已对窗口人员批评教育，并在窗口增设引导员。"})
    task.refresh_from_db()
    assert task.status == "answered" and task.claimed_by == team["clerk"] and sent() == 2
    rating(portal, case, 4, kind="followup")
    assert sorted(Rating.objects.values_list("kind", "level")) == [("case", 2), ("followup", 4)]
    assert RectificationTask.objects.count() == 1  # a follow-up rating opens nothing new


def test_another_officer_cannot_answer_a_claimed_task_but_the_supervisor_can(portal, case, team):
    rating(portal, case, 1)
    task = RectificationTask.objects.get()
    services.claim(task.pk, team["clerk"])
    with pytest.raises(services.NotAllowed):
        services.claim(task.pk, team["clerk2"])
    with pytest.raises(services.NotAllowed):
        services.answer(task.pk, team["clerk2"], "我来回答这个问题，已经处理好了。")
    services.answer(task.pk, team["supervisor"], "科长复核：已整改，办理时限缩短为两天。")
    task.refresh_from_db()
    assert task.status == "answered"


def test_another_department_sees_nothing(client, portal, case, team):
    rating(portal, case, 1)
    task = RectificationTask.objects.get()
    sign_in(client, team["stranger"])
    assert case.receipt_no not in client.get("/rectification/?show=all").content.decode()
    assert client.get(f"/rectification/{task.pk}/").status_code == 404
    assert client.post(f"/rectification/{task.pk}/answer/", {"answer": "x" * 20}).status_code == 404
    task.refresh_from_db()
    assert task.status == "open"
    assert AuditEvent.objects.filter(action="permission.refused", actor="200901").exists()


def test_a_clerk_sees_open_tasks_nobody_took_and_their_own_the_supervisor_all(client, portal, team):
    first, second = finished_case(portal), finished_case(portal)
    rating(portal, first, 1)
    rating(portal, second, 2)
    services.claim(RectificationTask.objects.get(case=first).pk, team["clerk2"])
    sign_in(client, team["clerk"])
    listed = client.get("/rectification/").content.decode()
    assert second.receipt_no in listed and first.receipt_no not in listed
    client.logout()
    sign_in(client, team["supervisor"])
    listed = client.get("/rectification/").content.decode()
    assert first.receipt_no in listed and second.receipt_no in listed


def test_overdue_tasks_are_flagged_once_and_escalated_to_supervisors(client, portal, case, team):
    rating(portal, case, 1)
    task = RectificationTask.objects.get()
    assert rectification_overdue() == "0 rectification task(s) newly overdue"
    RectificationTask.objects.filter(pk=task.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    assert rectification_overdue() == "1 rectification task(s) newly overdue"
    assert rectification_overdue() == "0 rectification task(s) newly overdue"
    task.refresh_from_db()
    assert task.overdue_since == timezone.localdate()
    [event] = AuditEvent.objects.filter(action="rectification.overdue")
    assert event.detail["escalated_to"] == ["500902"]
    from policeonline.supervision.models import OfficerMessage

    [message] = OfficerMessage.objects.filter(recipient=team["supervisor"])
    assert message.title == f"整改任务已逾期：{case.receipt_no}"
    assert message.link == f"/rectification/{task.pk}/"
    assert message.body == f"差评整改任务应于{task.due_date.isoformat()}前答复，至今未答复。"
    sign_in(client, team["supervisor"])
    assert "badge-overdue" in client.get("/rectification/").content.decode()
    assert 'id="rectification-alert"' in client.get("/").content.decode()


def test_the_overdue_message_is_written_in_the_bureaus_language(portal, case, team, settings):
    settings.LANGUAGE_CODE = "en"  # a bureau whose back office runs in English
    rating(portal, case, 1)
    RectificationTask.objects.update(due_date=timezone.localdate() - timedelta(days=1))
    rectification_overdue()
    from policeonline.supervision.models import OfficerMessage

    [message] = OfficerMessage.objects.filter(recipient=team["supervisor"])
    assert message.title == f"Rectification task overdue: {case.receipt_no}"
    assert "has not been answered" in message.body
