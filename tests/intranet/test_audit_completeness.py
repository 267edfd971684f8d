"""Every kind of event the back office must audit, one row each: an officer's sign-in and its
failures (a wrong password, a wrong authenticator code, the lockout), signing out, refusals
(a role that may not, another department's case, a read-only record posted to, a workflow step
not open to this officer), a case's state change, a report download, and each look at a
person's data (a case, a registry record). Each row acts through the pages and then reads the
audit log: who, what, about which object, with which outcome. A refusal changes nothing. No
event holds a full ID number or mobile number."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from policeonline.audit.models import AuditEvent
from policeonline.cases import engine
from policeonline.cases.models import Case
from policeonline.core.pii_scan import scan_text
from policeonline.registry.demo import ensure_demo_people
from policeonline.registry.models import Person
from tests.intranet.cases.conftest import APPLICANT, Portal

from .conftest import current_code, make_officer, sign_in
from .supervision.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    """Argon2 costs ~1 s per password here; what is audited does not depend on the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(exchange_keys, db):
    ensure_demo_people()
    app_id, _ = Portal(exchange_keys["internet"]).submit("HZ-001", files=[])
    return {"case": Case.objects.get(application_id=app_id),
            "clerk": make_officer("300001", "population", ["clerk"]),
            "clerk2": make_officer("300002", "population", ["clerk"]),
            "other": make_officer("300003", "exit_entry", ["clerk", "supervisor"]),
            "supervisor": make_officer("300004", "population", ["supervisor"]),
            "admin": make_officer("300005", None, ["admin"])}


def wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def login_succeeds(c, w):
    assert sign_in(c, w["clerk"]).status_code == 302
    return "300001", "login.succeeded", "300001", {}


def wrong_password(c, w):
    assert sign_in(c, w["clerk"], password="Wrong#password1").status_code == 200
    return "anonymous", "login.failed", "300001", {"reason": "wrong_credentials", "locked": False}


def wrong_authenticator_code(c, w):
    response = sign_in(c, w["clerk"], code=wrong(current_code(w["clerk"])))
    assert response.status_code == 200 and "_auth_user_id" not in c.session
    return "anonymous", "login.failed", "300001", {"reason": "wrong_code"}


def locked_out_by_wrong_codes(c, w):
    for _ in range(5):  # wrong codes count towards the lockout like wrong passwords
        sign_in(c, w["clerk"], code=wrong(current_code(w["clerk"])))
    assert sign_in(c, w["clerk"]).status_code == 429  # the right password and code, too late
    assert "_auth_user_id" not in c.session
    return "anonymous", "login.locked_out", "300001", {}


def logout(c, w):
    signed_in(c, w["clerk"])
    assert c.post("/officers/logout/").status_code == 302
    return "300001", "logout", "300001", {}


def role_refused(c, w):
    signed_in(c, w["clerk"])
    assert c.get("/supervision/").status_code == 403
    return "300001", "permission.refused", "/supervision/", {}


def read_only_record_posted_to(c, w):
    person = Person.objects.order_by("pk").first()
    signed_in(c, w["admin"])
    response = c.post(f"/admin/registry/person/{person.pk}/change/", {"name": "篡改"})
    assert response.status_code == 403
    assert Person.objects.get(pk=person.pk).name == person.name  # nothing changed
    return "300005", "permission.refused", f"/admin/registry/person/{person.pk}/change/", {
        "status": 403}


def another_departments_case(c, w):
    case = w["case"]
    signed_in(c, w["other"])
    assert c.post(f"/cases/{case.pk}/claim/").status_code == 404
    assert Case.objects.get(pk=case.pk).claimed_by_id is None  # nothing changed
    return "300003", "permission.refused", f"case:{case.pk}", {}


def workflow_step_refused(c, w):
    case = w["case"]
    step = case.template.leaving(case.state)[0].name
    engine.claim(case.pk, engine.Actor.officer(w["clerk"]))
    signed_in(c, w["clerk2"])  # same department and role, but the case is the other clerk's
    assert c.post(f"/cases/{case.pk}/act/{step}/").status_code == 302
    after = Case.objects.get(pk=case.pk)
    assert (after.state, after.claimed_by_id) == (case.state, w["clerk"].pk)  # nothing changed
    return "300002", "case.action_refused", case.receipt_no, {"step": step}


def state_change(c, w):
    case = w["case"]
    signed_in(c, w["clerk"])
    assert c.post(f"/cases/{case.pk}/claim/").status_code == 302
    actor = engine.Actor.officer(w["clerk"])
    step = engine.allowed_transitions(Case.objects.get(pk=case.pk), actor)[0]
    c.post(f"/cases/{case.pk}/act/{step.name}/", {"note": "材料齐全", "reason": ""})
    after = Case.objects.get(pk=case.pk)
    assert after.state != case.state
    return "300001", f"case.{step.name}", case.receipt_no, {"state": after.state}


def case_page(c, w):
    case = w["case"]
    signed_in(c, w["clerk"])
    page = c.get(f"/cases/{case.pk}/").content.decode()
    assert APPLICANT["name"] in page  # the department's officer sees the applicant whole
    return "300001", "case.viewed", case.receipt_no, {"applicant": case.applicant_id_masked}


def registry_record(c, w):
    person = Person.objects.order_by("pk").first()
    signed_in(c, w["admin"])
    assert c.get(f"/admin/registry/person/{person.pk}/change/").status_code == 200
    return "300005", "registry.record_viewed", f"person:{person.pk}", {}


def registry_search(c, w):
    signed_in(c, w["admin"])
    typed = APPLICANT["id_number"]  # an officer types an ID number into the search box
    assert c.get("/admin/registry/household/", {"q": typed}).status_code == 200
    return "300005", "registry.list_viewed", "household", {}


def report_download(c, w, tmp_path, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    from policeonline.supervision import reports
    from policeonline.supervision.models import WeeklyReport

    storage = FileSystemStorage(location=tmp_path)
    for name in ("pdf", "csv"):
        monkeypatch.setattr(WeeklyReport._meta.get_field(name), "storage", storage)
    reports.generate(reports.last_week(timezone.localdate()))
    own = WeeklyReport.objects.get(department_code="population")
    signed_in(c, w["supervisor"])
    response = c.get(f"/supervision/reports/{own.pk}/csv/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return "300004", "supervision.report_downloaded", str(own), {"format": "csv"}


ROWS = [login_succeeds, wrong_password, wrong_authenticator_code, locked_out_by_wrong_codes,
        logout, role_refused, read_only_record_posted_to, another_departments_case,
        workflow_step_refused, state_change, case_page, registry_record, registry_search,
        report_download]


@pytest.mark.parametrize("act", ROWS, ids=[row.__name__ for row in ROWS])
def test_each_kind_of_action_is_in_the_audit_log(act, world, tmp_path, monkeypatch):
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    extra = (tmp_path, monkeypatch) if act is report_download else ()
    actor, action, target, detail = act(Client(), world, *extra)
    events = list(AuditEvent.objects.filter(pk__gt=before, action=action))
    assert events, f"no {action} event; got {list(AuditEvent.objects.filter(pk__gt=before))}"
    event = events[-1]
    assert (event.actor, event.target) == (actor, target)
    assert detail.items() <= event.detail.items()
    if action == "permission.refused":  # one refusal, one event (the view's or the safety net's)
        assert len(events) == 1
    text = json.dumps([[e.actor, e.target, e.detail] for e in AuditEvent.objects.filter(pk__gt=before)],
                      ensure_ascii=False)
    assert APPLICANT["id_number"] not in text and APPLICANT["phone"] not in text
    assert scan_text(text) == []
