"""Cases as the engine leaves them, written directly: the dashboard only reads them."""

import uuid
from datetime import timedelta
from itertools import count

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from policeonline.accounts.officers.models import Officer
from policeonline.cases.models import Case, CaseEvent
from policeonline.catalog.models import Department

_numbers = count(1)


def make_case(department="population", *, state="accepted", due=None, step_due=None, claimed_by=None,
              paused=False, closed_by=None, closed_at=None, accepted_days_ago=None, outcome="granted",
              name="赵六"):
    n = next(_numbers)
    today = timezone.localdate()
    closed = closed_by is not None or closed_at is not None
    case = Case(receipt_no=f"JN-2026-TEST-{n:04d}-SUPV", application_id=uuid.uuid4(),
                account_ref=f"account:{n}", item_code="HZ-001", workflow="simple",
                department_code=department, state=state if not closed else "completed",
                is_open=not closed, outcome=outcome if closed else "", claimed_by=claimed_by,
                applicant_kind="citizen", applicant_name=name, applicant_id_number="110101198808081231",
                applicant_id_masked="110101********1231", applicant_id_digest=f"{n:064d}",
                applicant_phone="13900000009", data_json="{}", submitted_at=timezone.now(),
                accepted_on=None if accepted_days_ago is None else today - timedelta(days=accepted_days_ago),
                due_date=due, step_due=step_due, paused_on=today if paused else None,
                closed_at=(closed_at or timezone.now()) if closed else None, last_seq=1)
    if paused:
        case.state = "supplement"
    case.save()
    if closed:
        CaseEvent.objects.create(case=case, seq=1, action="complete", from_state="accepted",
                                 to_state=case.state, actor=closed_by.username if closed_by else "system",
                                 department_code=department, at=case.closed_at)
    return case


def make_officer(number, department_code, roles, email=""):
    """An officer without a password (hashing one costs more than these tests)."""
    officer = Officer.objects.create(username=number, last_name="测", first_name=number[-2:], email=email,
                                     department=Department.objects.filter(code=department_code).first(),
                                     roles=roles)
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    return officer


def signed_in(client, officer):
    """Signed in, past the TOTP step (the sign-in form itself is tested elsewhere)."""
    client.force_login(officer)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=officer).persistent_id
    session.save()
    return client


@pytest.fixture(autouse=True)
def fresh_figures():
    """The dashboard keeps its tables for a minute; each test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(db):
    """A department's clerk, approver and supervisor; another department's supervisor; the
    bureau's leader and an auditor."""
    return {
        "clerk": make_officer("100201", "population", ["clerk"], email="100201@police.example"),
        "approver": make_officer("100202", "population", ["approver"]),
        "supervisor": make_officer("100203", "population", ["supervisor", "approver"],
                                   email="100203@police.example"),
        "other_supervisor": make_officer("200203", "exit_entry", ["supervisor"]),
        "leader": make_officer("990101", None, ["leader"]),
        "auditor": make_officer("990102", None, ["auditor"]),
    }
