"""The case engine: a submission becomes a case in its department's queue, each template's
transitions are open to exactly the roles it names, the log derives the status, and the
portal hears of every public change."""

import json

import pytest

from policeonline.audit.models import AuditEvent
from policeonline.cases import engine
from policeonline.cases.models import Attachment, Case, CaseEvent
from policeonline.exchange.models import OutboxEntry
from policeonline.registry.demo import ensure_demo_people
from policeonline.workflow import reasons_for, templates
from policeonline.workflow.spec import PREVIOUS, SAME

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def registry(db):
    ensure_demo_people()


def sent_updates():
    return [json.loads(bytes(e.data).split(b"\n", 1)[1]) if False else e for e in
            OutboxEntry.objects.filter(type="case.updated").order_by("id")]


def officer(o):
    return engine.Actor.officer(o)


def test_a_submission_becomes_a_case_in_its_departments_queue(portal):
    app_id, tally = portal.submit("HZ-001", files=[])
    assert tally.applied == 1
    case = Case.objects.get(application_id=app_id)
    assert case.department_code == "population" and case.state == "submitted"
    assert case.step_due is not None and case.next_due == case.step_due
    assert engine.replay(case) == "submitted"
    assert OutboxEntry.objects.filter(type="case.updated").count() == 1  # "received"
    assert AuditEvent.objects.filter(action="case.received", target=case.receipt_no).exists()


def test_the_same_submission_twice_is_one_case(portal):
    app_id, _ = portal.submit("HZ-001")
    portal.submit("HZ-001", app_id=app_id)
    assert Case.objects.filter(application_id=app_id).count() == 1


def test_attachments_are_kept_with_their_case(portal):
    from policeonline.catalog.models import Item
    from policeonline.formspec import form_for

    item = next(i for i in Item.objects.order_by("code") if form_for(i).slots)
    slot = form_for(item).slots[0].name
    app_id, tally = portal.submit(item.code, files=[slot])
    case = Case.objects.get(application_id=app_id)
    attachment = Attachment.objects.get(case=case)
    assert attachment.slot == slot and attachment.file.read() == b"%PDF-1.4 test"


def test_a_file_whose_content_differs_from_its_digest_is_quarantined(portal):
    import base64

    ref = {"slot": "photo", "sha256": "0" * 64, "filename": "x.pdf", "content_type": "application/pdf",
           "size": 4}
    tally = portal.send("application.attachment", {"application_id": "1" * 8 + "-1111-1111-1111-" + "1" * 12,
                                                  "round": 1, "attachment": ref,
                                                  "content_b64": base64.b64encode(b"abcd").decode()})
    assert tally.applied == 0 and Attachment.objects.count() == 0


def _case_in(portal, item_code, state):
    app_id, _ = portal.submit(item_code)
    case = Case.objects.get(application_id=app_id)
    Case.objects.filter(pk=case.pk).update(state=state)  # set up the state under test directly
    case.refresh_from_db()
    return case


ROLE_OFFICERS = {"clerk": "clerk", "approver": "approver", "supervisor": "supervisor"}
ITEM_OF = {"simple": "HZ-001", "review": "HZ-001", "visit": "HZ-001", "inspection": "HZ-001"}


def _cases():
    for tpl in templates().values():
        for t in tpl.transitions:
            if t.actor != "officer":
                continue
            yield pytest.param(tpl.code, t.name, id=f"{tpl.code}.{t.name}")


def _params(t, case):
    params = {"note": "请补充材料" if "note" in t.requires or t.name == "request_supplement" else ""}
    if "reason" in t.requires:
        params["reason_code"] = reasons_for(t.name)[0].code
    if "department" in t.requires:
        params["department"] = "exit_entry"
    if "tracking" in t.requires:
        params["tracking"] = "EA123456789CN"
    return params


@pytest.mark.parametrize(("code", "name"), list(_cases()))
def test_each_officer_transition_is_open_to_its_roles_only(portal, officers, code, name):
    tpl = templates()[code]
    t = tpl.transition(name)
    source = t.from_[0]
    item = "SF-001" if "request_payment" in t.effects else "HZ-001"  # an item with a fee
    for role, key in ROLE_OFFICERS.items():
        case = _case_in(portal, item, source)
        if item == "SF-001":  # the example applicant declares no exemption: the fee is due
            Case.objects.filter(pk=case.pk).update(data_json='{"fee_exempt": false}')
        if "post" in t.requires:  # issued for posting only when the applicant chose post
            Case.objects.filter(pk=case.pk).update(data_json='{"delivery_method": "post"}')
        Case.objects.filter(pk=case.pk).update(workflow=code, claimed_by=officers[key])
        case.refresh_from_db()
        allowed = role in t.roles or role == "supervisor"
        if allowed:
            after = engine.perform(case.pk, name, officer(officers[key]), **_params(t, case))
            expected = source if t.to == SAME else t.to
            assert after.state == expected, (role, name)
            assert CaseEvent.objects.filter(case=case, action=name).count() == 1
        else:
            with pytest.raises(engine.NotAllowed):
                engine.perform(case.pk, name, officer(officers[key]), **_params(t, case))
            case.refresh_from_db()
            assert case.state == source and not CaseEvent.objects.filter(case=case, action=name).exists()
    # Never by an officer of another department, never by the applicant.
    case = _case_in(portal, "HZ-001", source)
    Case.objects.filter(pk=case.pk).update(workflow=code)
    with pytest.raises(engine.NotAllowed):
        engine.perform(case.pk, name, officer(officers["other"]), **_params(t, case))
    with pytest.raises(engine.NotAllowed):
        engine.perform(case.pk, name, engine.Actor.applicant(case.account_ref), **_params(t, case))


@pytest.mark.parametrize("code", list(templates()))
def test_no_transition_from_a_state_it_does_not_leave(portal, officers, code):
    tpl = templates()[code]
    for t in tpl.transitions:
        for state in tpl.states:
            if state in t.from_:
                continue
            case = _case_in(portal, "HZ-001", state)
            Case.objects.filter(pk=case.pk).update(workflow=code, claimed_by=officers["supervisor"],
                                                   is_open=not tpl.states[state].final)
            actor = officer(officers["supervisor"]) if t.actor == "officer" else \
                engine.Actor.applicant(case.account_ref)
            with pytest.raises(engine.NotAllowed):
                engine.perform(case.pk, t.name, actor, **_params(t, case))
            break  # one forbidden state per transition keeps this test fast


def test_an_officer_must_claim_first_and_others_see_it_taken(portal, officers):
    app_id, _ = portal.submit("HZ-001")
    case = Case.objects.get(application_id=app_id)
    with pytest.raises(engine.NotAllowed, match="认领"):
        engine.perform(case.pk, "accept", officer(officers["clerk"]))
    engine.claim(case.pk, officer(officers["clerk"]))
    with pytest.raises(engine.NotAllowed):
        engine.claim(case.pk, officer(officers["clerk2"]))
    with pytest.raises(engine.NotAllowed):
        engine.perform(case.pk, "accept", officer(officers["clerk2"]))
    # A supervisor reassigns it; then only the new holder (or the supervisor) acts.
    engine.claim(case.pk, officer(officers["supervisor"]), assign_to=officers["clerk2"])
    engine.perform(case.pk, "accept", officer(officers["clerk2"]))
    case.refresh_from_db()
    assert case.state != "submitted" and case.claimed_by == officers["clerk2"]
    assert engine.replay(case) == case.state


def test_a_full_review_case_with_a_supplement_round(portal, officers):
    app_id, _ = portal.submit("HZ-001")
    case = Case.objects.get(application_id=app_id)
    Case.objects.filter(pk=case.pk).update(workflow="review")
    clerk, approver = officer(officers["clerk"]), officer(officers["approver"])
    engine.claim(case.pk, clerk)
    engine.perform(case.pk, "accept", clerk)
    case.refresh_from_db()
    assert case.accepted_on and case.due_date
    due_before = case.due_date
    engine.perform(case.pk, "request_supplement", clerk, note="照片不清晰，请重新上传")
    case.refresh_from_db()
    assert case.state == "supplement" and case.paused_on
    portal.act(app_id, "resubmit", round=2, data_json=case.data_json, attachments=[])
    case.refresh_from_db()
    assert case.state == "examining" and case.round == 2 and case.paused_on is None
    assert case.due_date >= due_before
    engine.perform(case.pk, "recommend", clerk)
    engine.claim(case.pk, approver)
    engine.perform(case.pk, "approve", approver)
    engine.claim(case.pk, clerk)
    case = engine.perform(case.pk, "issue", clerk)
    assert case.state == "completed" and not case.is_open and case.outcome == "granted"
    assert engine.replay(case) == "completed"
    actions = [e.action for e in case.events.filter(public=True).order_by("seq")]
    assert actions == ["receive", "accept", "request_supplement", "resubmit", "recommend", "approve", "issue"]
    # Every public event went to the portal, numbered by the log.
    seqs = [json.loads(bytes(e.data).split(b"\n\n", 1)[-1] or b"{}") for e in []]
    assert OutboxEntry.objects.filter(type="case.updated").count() == len(actions)
    assert not seqs


def test_refusal_needs_a_legal_reason(portal, officers):
    app_id, _ = portal.submit("HZ-001")
    case = Case.objects.get(application_id=app_id)
    clerk = officer(officers["clerk"])
    engine.claim(case.pk, clerk)
    with pytest.raises(engine.NotAllowed):
        engine.perform(case.pk, "refuse", clerk)
    with pytest.raises(engine.NotAllowed):
        engine.perform(case.pk, "refuse", clerk, reason_code="other")  # "other" needs a note
    case = engine.perform(case.pk, "refuse", clerk, reason_code="outside_competence")
    assert case.state == "refused" and case.outcome == "refused"


def test_withdrawal_before_acceptance_and_too_late_after(portal, officers):
    app_id, _ = portal.submit("HZ-001")
    portal.act(app_id, "withdraw")
    assert Case.objects.get(application_id=app_id).state == "withdrawn"
    app_id, _ = portal.submit("HZ-001")
    case = Case.objects.get(application_id=app_id)
    Case.objects.filter(pk=case.pk).update(workflow="review")
    clerk = officer(officers["clerk"])
    engine.claim(case.pk, clerk)
    engine.perform(case.pk, "accept", clerk)
    portal.act(app_id, "withdraw")
    case.refresh_from_db()
    assert case.state == "examining"
    assert case.events.filter(action="withdraw_refused").exists()


def test_transfer_moves_the_case_with_one_timeline(portal, officers):
    app_id, _ = portal.submit("HZ-001")
    case = Case.objects.get(application_id=app_id)
    clerk = officer(officers["clerk"])
    engine.claim(case.pk, clerk)
    with pytest.raises(engine.NotAllowed):
        engine.perform(case.pk, "transfer", clerk, department="exit_entry")  # a note is required
    case = engine.perform(case.pk, "transfer", clerk, department="exit_entry", note="属出入境业务")
    assert case.department_code == "exit_entry" and case.claimed_by is None
    assert not engine.can_see(clerk, case) and engine.can_see(officer(officers["other"]), case)
    assert [e.department_code for e in case.events.order_by("seq")] == ["population", "population",
                                                                        "exit_entry"]


def test_templates_have_no_dead_ends():
    for tpl in templates().values():
        for name, state in tpl.states.items():
            if not state.final:
                assert tpl.leaving(name), (tpl.code, name)
        assert any(t.to == PREVIOUS for t in tpl.transitions)
