"""The back office's case pages: a department's queue, the case page with its comparison, the
actions through the browser's forms — and nothing of another department's, not even by id."""

import pytest
from django.utils import timezone

from policeonline.audit.models import AuditEvent
from policeonline.cases.models import Attachment, Case
from policeonline.registry.demo import ensure_demo_people

from ..conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def registry(db):
    ensure_demo_people()


@pytest.fixture
def case(portal):
    from policeonline.catalog.models import Item
    from policeonline.formspec import form_for

    item = Item.objects.get(code="HZ-001")
    slot = form_for(item).slots[0].name if form_for(item).slots else None
    app_id, _ = portal.submit("HZ-001", files=[slot] if slot else [])
    return Case.objects.get(application_id=app_id)


def test_the_queue_lists_the_departments_cases_only(client, officers, case, portal):
    other_app, _ = portal.submit("CRJ-001")
    sign_in(client, officers["clerk"])
    page = client.get("/cases/?q=incoming").content.decode()
    assert case.receipt_no in page
    assert Case.objects.get(application_id=other_app).receipt_no not in page
    assert "赵六" in page and "110101198808081231" not in page  # masked in lists
    assert AuditEvent.objects.filter(action="case.queue_viewed", actor=officers["clerk"].username).exists()


def test_the_case_page_shows_comparison_and_is_audited(client, officers, case):
    sign_in(client, officers["clerk"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert case.receipt_no in page
    assert "信息比对" in page or "Information comparison" in page
    assert case.checks.exists()
    assert AuditEvent.objects.filter(action="case.viewed", target=case.receipt_no,
                                     actor=officers["clerk"].username).exists()


def test_another_departments_officer_finds_nothing(client, officers, case):
    attachment = Attachment.objects.filter(case=case).first()
    sign_in(client, officers["other"])
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.post(f"/cases/{case.pk}/claim/").status_code == 404
    assert client.post(f"/cases/{case.pk}/act/accept/").status_code == 404
    if attachment:
        assert client.get(f"/cases/{case.pk}/files/{attachment.pk}/").status_code == 404
    assert case.receipt_no not in client.get("/cases/?q=incoming").content.decode()
    case.refresh_from_db()
    assert case.claimed_by is None and case.state == "submitted"
    assert AuditEvent.objects.filter(action="permission.refused", target=f"case:{case.pk}").exists()


def test_anonymous_is_sent_to_sign_in(client, case):
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 302 and "/officers/login/" in response.url


def test_claim_accept_and_supplement_through_the_forms(client, officers, case):
    sign_in(client, officers["clerk"])
    client.post(f"/cases/{case.pk}/claim/")
    client.post(f"/cases/{case.pk}/act/accept/")
    case.refresh_from_db()
    assert case.claimed_by == officers["clerk"] and case.state != "submitted"
    assert case.accepted_on == timezone.localdate() and case.due_date
    # A supplement request without its note is refused and changes nothing.
    response = client.post(f"/cases/{case.pk}/act/request_supplement/", {"note": ""}, follow=True)
    case.refresh_from_db()
    assert case.state != "supplement"
    assert "说明" in response.content.decode() or "note" in response.content.decode()
    client.post(f"/cases/{case.pk}/act/request_supplement/", {"note": "请补充户口簿首页"})
    case.refresh_from_db()
    assert case.state == "supplement" and case.paused_on


def test_a_second_clerk_sees_the_case_taken(client, officers, case):
    from policeonline.cases import engine

    engine.claim(case.pk, engine.Actor.officer(officers["clerk"]))
    sign_in(client, officers["clerk2"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "测试" in page  # the holder's name, in the officer-in-charge field
    client.post(f"/cases/{case.pk}/act/accept/")
    case.refresh_from_db()
    assert case.state == "submitted"


def test_refusal_with_a_reason_from_the_list(client, officers, case):
    sign_in(client, officers["clerk"])
    client.post(f"/cases/{case.pk}/claim/")
    client.post(f"/cases/{case.pk}/act/refuse/", {"reason": "made_up_reason"})
    case.refresh_from_db()
    assert case.state == "submitted"
    client.post(f"/cases/{case.pk}/act/refuse/", {"reason": "outside_competence", "note": "请向户籍地申请"})
    case.refresh_from_db()
    assert case.state == "refused" and case.events.last().reason_code == "outside_competence"


def test_supervisor_reassigns_within_the_department(client, officers, case):
    sign_in(client, officers["supervisor"])
    client.post(f"/cases/{case.pk}/claim/", {"officer": officers["other"].pk})
    case.refresh_from_db()
    assert case.claimed_by is None  # not an officer of this department
    client.post(f"/cases/{case.pk}/claim/", {"officer": officers["clerk2"].pk})
    case.refresh_from_db()
    assert case.claimed_by == officers["clerk2"]


def test_overdue_and_due_soon_queues(client, officers, case, portal):
    from datetime import timedelta

    late_app, _ = portal.submit("HZ-001")
    late = Case.objects.get(application_id=late_app)
    Case.objects.filter(pk=late.pk).update(next_due=timezone.localdate() - timedelta(days=1))
    sign_in(client, officers["clerk"])
    overdue = client.get("/cases/?q=overdue").content.decode()
    assert late.receipt_no in overdue and case.receipt_no not in overdue
    soon = client.get("/cases/?q=due_soon").content.decode()
    assert case.receipt_no in soon and late.receipt_no not in soon


def test_workflow_diagrams_page(client, officers):
    sign_in(client, officers["clerk"])
    page = client.get("/cases/workflows/").content.decode()
    assert page.count("<svg") == 4 and "HZ-001" in page


def test_queue_counts_are_right_and_refresh(officers, case, portal):
    from django.core.cache import cache

    from policeonline.cases import queues

    cache.clear()
    today = timezone.localdate()
    first = queues.counts("population", officer_pk=officers["clerk"].pk, today=today)
    assert first["incoming"] == 1 and first["mine"] == 0
    portal.submit("HZ-001")
    assert queues.counts("population", officer_pk=officers["clerk"].pk, today=today) == first  # cached
    cache.clear()  # (the cache lasts queues.COUNTS_SECONDS)
    assert queues.counts("population", officer_pk=officers["clerk"].pk, today=today)["incoming"] == 2


def test_the_case_log_and_files_read_as_names_not_codes(client, officers, case):
    """The officer reads who did what where — 系统, the officer's name, the department's name —
    and which material a file is, not the stored codes (``system``, ``population``, the slot)."""
    from django.utils.translation import gettext

    from policeonline.catalog.models import Department, Item
    from policeonline.formspec import form_for

    sign_in(client, officers["clerk"])
    client.post(f"/cases/{case.pk}/claim/")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    log = page[page.index('id="timeline-title"'):]
    log = log[:log.index("</ol>")]
    department = Department.objects.get(code=case.department_code)
    assert department.name_zh in log and f"· {case.department_code}" not in log
    assert f"· {gettext('System')} ·" in log and "· system ·" not in log  # 系统 once translated
    assert str(officers["clerk"]) in log  # 测试 (200001)
    attachment = Attachment.objects.filter(case=case).first()
    if attachment is not None:
        slot = form_for(Item.objects.get(code=case.item_code)).slots_by_name[attachment.slot]
        files = page[page.index(attachment.filename):][:300]
        assert slot.labels["zh"] in files and f"{attachment.slot} ·" not in files


def test_the_demo_keeps_its_plate_registrations_open_for_the_walk_through():
    """README: 孙七 opens the 机动车注册登记 application and chooses a plate — so the demo seed
    never refuses or completes a plate-choosing registration, whatever its position."""
    from policeonline.cases.management.commands.seed_demo_cases import PLANS, plan_for

    for position in range(len(PLANS)):
        for code in ("JDC-001", "JDC-002"):
            plan = plan_for(code, position)
            assert plan != "complete" and "refuse" not in plan
        assert plan_for("HZ-001", position) == PLANS[position]  # the others as before


def test_the_queue_explains_the_asterisk_only_when_a_date_has_one(client, officers, case):
    """The demo walk saw '* 暂定时限：明年法定节假日安排尚未录入。' under a queue none of whose dates
    had an asterisk (the portal's My applications already shows it only then)."""
    footnote = "暂定时限"
    sign_in(client, officers["clerk"])
    page = client.get("/cases/?q=incoming").content.decode()
    assert case.receipt_no in page and footnote not in page
    Case.objects.filter(pk=case.pk).update(due_provisional=True)
    page = client.get("/cases/?q=incoming").content.decode()
    case.refresh_from_db()
    assert f"{case.next_due:%Y-%m-%d}*" in page and footnote in page
