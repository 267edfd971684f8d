"""The one write path of a case. Every change — an officer's action, the applicant's
withdrawal or corrections, a claim — goes through ``perform`` or ``claim``: one transaction,
the case row locked, the event appended, the cached state and deadlines updated, the audit row
and (where the applicant should know) the envelope for the portal written together.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.audit.log import record
from policeonline.catalog.models import Department, Item
from policeonline.exchange.outbox import enqueue
from policeonline.workdays.calendar import add_working_days, working_days_between
from policeonline.workflow import Transition, reason, reasons_for
from policeonline.workflow.spec import PREVIOUS, SAME

from .models import Case, CaseEvent

SUPERVISOR = "supervisor"


class NotAllowed(Exception):
    """The action is not open to this actor in this state; the message says why (localised)."""


@dataclass(frozen=True)
class Actor:
    """Who acts: an officer (with roles and a department), the applicant, or the system."""

    kind: str  # "officer" | "applicant" | "system"
    ref: str  # officer number, account reference or "system"
    roles: tuple[str, ...] = ()
    department_code: str | None = None
    officer_pk: int | None = None

    @classmethod
    def officer(cls, officer) -> "Actor":
        return cls("officer", officer.username, tuple(officer.roles),
                   officer.department.code if officer.department_id else None, officer.pk)

    @classmethod
    def applicant(cls, account_ref: str) -> "Actor":
        return cls("applicant", account_ref)


def today() -> date:
    return timezone.localdate()


def can_see(actor: Actor, case: Case) -> bool:
    """Officers see their own department's cases only (a supervisor: all of them there)."""
    return actor.kind == "officer" and actor.department_code == case.department_code


def allowed_transitions(case: Case, actor: Actor) -> list[Transition]:
    return [t for t in case.template.leaving(case.state)
            if _refusal(case, t, actor) is None and _delivery_refusal(case, t) is None]


POST = "post"
TRACKING_NO = re.compile(r"^[A-Z0-9]{8,30}$")


def _delivery_refusal(case: Case, t: Transition) -> str | None:
    """Issue for collection or for posting, as the applicant chose (``delivery_method``)."""
    by_post = case.data.get("delivery_method") == POST
    if "post" in t.requires and not by_post:
        return _("The applicant chose to collect the document; issue it for collection.")
    if "collect" in t.requires and by_post:
        return _("The applicant chose delivery by post; issue it for posting.")
    return None


def _refusal(case: Case, t: Transition, actor: Actor) -> str | None:
    if not case.is_open or case.state not in t.from_:
        return _("This action is not possible while the case is “%(state)s”.") % {
            "state": case.state_label}
    if actor.kind == "system":
        return None  # the bureau's own rules (e.g. a guarantor declined), never a person
    if t.actor == "applicant":
        return None if actor.kind == "applicant" and actor.ref == case.account_ref else _(
            "Only the applicant can do this.")
    if actor.kind != "officer":
        return _("Only an officer can do this.")
    if actor.department_code != case.department_code:
        return _("This case belongs to another department.")
    if SUPERVISOR in actor.roles:
        return None  # a supervisor may take any officer step in the department
    if not set(t.roles) & set(actor.roles):
        return _("Your role does not allow this action.")
    if case.claimed_by_id != actor.officer_pk:
        return _("Claim the case before acting on it.") if case.claimed_by_id is None else _(
            "Another officer is handling this case.")
    return None


def perform(case_id: int, action: str, actor: Actor, *, reason_code: str = "", note: str = "",
            department: str = "", data_json: str | None = None, round_no: int | None = None,
            supplement: tuple[list, list] = ((), ()), tracking: str = "") -> Case:
    note = (note or "").strip()
    tracking = (tracking or "").strip().upper().replace(" ", "")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        t = case.template.transition(action)
        if t is None:
            raise NotAllowed(_("Unknown action."))
        refusal = _refusal(case, t, actor)
        if refusal:
            raise NotAllowed(refusal)
        _check_requirements(case, t, reason_code, note, department)
        refusal = _delivery_refusal(case, t)
        if refusal:
            raise NotAllowed(refusal)
        if "tracking" in t.requires:
            if not TRACKING_NO.match(tracking):
                raise NotAllowed(_("Enter the postal tracking number (8 to 30 letters and digits)."))
            # On the applicant's timeline, in Chinese (the portal's default language).
            note = f"证件已交邮政寄出，邮件号：{tracking}。" + (f"\n{note}" if note else "")
        from_state = case.state
        to_state = _target(case, t)
        detail = {}
        if t.name == "transfer":
            detail = {"from_department": case.department_code, "to_department": department}
            case.department_code = department
            case.claimed_by, case.claimed_at = None, None
        if t.name == "request_supplement":
            detail.update(_supplement_detail(case, *supplement))
        if tracking and "tracking" in t.requires:
            detail["tracking_no"] = tracking
        if t.to == PREVIOUS and data_json is not None:
            case.data_json, case.round = data_json, round_no or case.round + 1
            detail["round"] = case.round
        case.state = to_state
        _advance_clock(case, t, from_state)
        if t.releases_claim or case.template.states[to_state].final:
            case.claimed_by, case.claimed_at = None, None
        outcome = case.template.states[to_state].outcome
        if outcome:
            case.is_open, case.outcome, case.closed_at = False, outcome, timezone.now()
        event = _append(case, t.name, from_state, to_state, actor, reason_code=reason_code,
                        note=note, detail=detail)
        case.save()
        if "issue_document" in t.effects:
            from .documents import issue_documents
            issue_documents(case)
        if "request_payment" in t.effects or (outcome and outcome != "granted"):
            _fees(case, t, outcome)
        if outcome and outcome != "granted":
            from policeonline.platepool.services import give_back as give_back_plate
            give_back_plate(case, outcome)  # a chosen plate goes back to the pool (ADR 0029)
        record(actor.ref, f"case.{t.name}", case.receipt_no, state=to_state,
               **({"reason": reason_code} if reason_code else {}))
        publish(case, event)
        return case


def _fees(case: Case, t: Transition, outcome: str) -> None:
    """Fee payment (ADR 0022): ask the portal to collect the case's fee; give it back when the
    case ends without a grant."""
    from policeonline.payments.desk.services import NoFee, give_back, request_payment

    if outcome:
        give_back(case, outcome)
        return
    try:
        request_payment(case)
    except NoFee as exc:
        raise NotAllowed(str(exc)) from exc


def _check_requirements(case, t, reason_code, note, department):
    if "reason" in t.requires:
        if reason_code not in {r.code for r in reasons_for(t.name)}:
            raise NotAllowed(_("Choose the legal reason."))
        if reason_code == "other" and not note:
            raise NotAllowed(_("Explain the reason in the note."))
    if "note" in t.requires and not note:
        raise NotAllowed(_("A note for the applicant is required."))
    if len(note) > 1000:
        raise NotAllowed(_("The note is too long (at most 1000 characters)."))
    if "department" in t.requires:
        if department == case.department_code:
            raise NotAllowed(_("Choose another department."))
        if not Department.objects.filter(code=department).exists():
            raise NotAllowed(_("Unknown department."))
    if "guarantee" in t.requires:
        from policeonline.guarantors.desk.checks import guarantee_refusal  # SF-005 (ADR 0029)
        refusal = guarantee_refusal(case)
        if refusal:
            raise NotAllowed(refusal)
    if "fee" in t.requires:
        from policeonline.payments.desk.services import fee_refusal  # due before this step (ADR 0029)
        refusal = fee_refusal(case, t)
        if refusal:
            raise NotAllowed(refusal)


def _supplement_detail(case: Case, fields, slots) -> dict:
    """Which fields and files the applicant must correct (names checked against the form)."""
    from policeonline.formspec import form_for

    form = form_for(Item.objects.get(code=case.item_code))
    known_fields, known_slots = {f.name for f in form.fields}, {s.name for s in form.slots}
    if set(fields) - known_fields or set(slots) - known_slots:
        raise NotAllowed(_("Unknown field or material."))
    return {"supplement_fields": sorted(set(fields)), "supplement_slots": sorted(set(slots))}


def _target(case: Case, t: Transition) -> str:
    if t.to == SAME:
        return case.state
    if t.to == PREVIOUS:
        last = case.events.filter(to_state=case.state).exclude(from_state=case.state).last()
        return last.from_state if last else case.template.initial
    return t.to


def _advance_clock(case: Case, t: Transition, from_state: str) -> None:
    """Deadlines: the legal limit runs from acceptance in working days; paused steps (waiting
    for the applicant) do not count and push it back; each step may have its own limit."""
    tpl, now = case.template, today()
    to_state = case.state
    if from_state != to_state and tpl.states[from_state].clock == "paused" and case.paused_on:
        paused, provisional = working_days_between(case.paused_on, now)
        if case.due_date and paused:
            deadline = add_working_days(case.due_date, paused)
            case.due_date = deadline.date
            case.due_provisional = case.due_provisional or deadline.provisional or provisional
        case.paused_on = None
    if t.starts_clock and case.accepted_on is None:
        case.accepted_on = now
        limit = Item.objects.filter(code=case.item_code).values_list(
            "time_limit_working_days", flat=True).first() or 20
        deadline = add_working_days(now, limit)
        case.due_date, case.due_provisional = deadline.date, deadline.provisional
    state = tpl.states[to_state]
    if state.clock == "paused" and from_state != to_state:
        case.paused_on = now
    if from_state != to_state or t.name == "transfer":
        if state.time_limit_days and not state.final:
            step = add_working_days(now, state.time_limit_days)
            case.step_due = step.date
            case.due_provisional = case.due_provisional or step.provisional
        else:
            case.step_due = None


def _append(case: Case, action: str, from_state: str, to_state: str, actor: Actor, *,
            reason_code: str = "", note: str = "", detail: dict | None = None,
            public: bool = True) -> CaseEvent:
    case.last_seq += 1
    return CaseEvent.objects.create(
        case=case, seq=case.last_seq, action=action, from_state=from_state, to_state=to_state,
        actor=actor.ref, department_code=case.department_code, at=timezone.now(),
        reason_code=reason_code, note=note, public=public, detail=detail or {})


def publish(case: Case, event: CaseEvent) -> None:
    """Tell the portal: one envelope per public event, numbered by the case's log."""
    if not event.public:
        return
    body = {"application_id": str(case.application_id), "receipt_no": case.receipt_no,
            "seq": event.seq, "action": event.action, "state": event.to_state,
            "workflow": case.workflow, "at": event.at.isoformat().replace("+00:00", "Z"),
            "department": case.department_code, "due_provisional": case.due_provisional}
    if case.outcome:
        body["outcome"] = case.outcome
    if event.note:
        body["note"] = event.note
    if event.reason_code:
        body["reason_code"] = event.reason_code
    due = case.due_date or case.step_due
    if due and case.is_open:
        body["due_date"] = due.isoformat()
    for key in ("supplement_fields", "supplement_slots"):
        if event.detail.get(key):
            body[key] = event.detail[key]
    enqueue("case.updated", body, correlation_id=str(case.application_id))


def claim(case_id: int, actor: Actor, *, assign_to=None) -> Case:
    """Take a case (others see it is taken), release it, or — a supervisor — give it to an
    officer of the department. Logged on the case, not shown to the applicant."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if not can_see(actor, case) or not case.is_open:
            raise NotAllowed(_("You cannot take this case."))
        if assign_to is not None:
            if SUPERVISOR not in actor.roles:
                raise NotAllowed(_("Only a supervisor can reassign cases."))
            if assign_to.department_id is None or assign_to.department.code != case.department_code:
                raise NotAllowed(_("The officer must belong to the case's department."))
            case.claimed_by, action, target = assign_to, "reassign", assign_to.username
        elif case.claimed_by_id is not None and case.claimed_by_id != actor.officer_pk:
            raise NotAllowed(_("Another officer is handling this case."))
        else:
            case.claimed_by_id, action, target = actor.officer_pk, "claim", actor.ref
        case.claimed_at = timezone.now()
        _append(case, action, case.state, case.state, actor, detail={"officer": target}, public=False)
        case.save()
        record(actor.ref, f"case.{action}", case.receipt_no, officer=target)
        return case


def release(case_id: int, actor: Actor) -> Case:
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if case.claimed_by_id != actor.officer_pk and not (
                SUPERVISOR in actor.roles and can_see(actor, case)):
            raise NotAllowed(_("You are not handling this case."))
        case.claimed_by, case.claimed_at = None, None
        _append(case, "release", case.state, case.state, actor, public=False)
        case.save()
        record(actor.ref, "case.release", case.receipt_no)
        return case


def replay(case: Case) -> str:
    """The status derived from the event log alone — equals ``case.state`` (tested)."""
    state = None
    for event in case.events.order_by("seq"):
        if state is not None and event.from_state != state:
            raise ValueError(f"{case.receipt_no}: event {event.seq} starts from {event.from_state}, "
                             f"log says {state}")
        state = event.to_state
    return state


def reason_text(code: str) -> str:
    found = reason(code)
    return f"{found.text}（{found.basis}）" if found else ""


SYSTEM = Actor("system", "system")


def receive(case: Case) -> CaseEvent:
    """The first event of a new case (called by intake inside its transaction)."""
    tpl = case.template
    state = tpl.states[tpl.initial]
    if state.time_limit_days:
        step = add_working_days(today(), state.time_limit_days)
        case.step_due, case.due_provisional = step.date, step.provisional
    event = _append(case, "receive", "", tpl.initial, SYSTEM)
    case.save()
    publish(case, event)
    return event


def notice(case_id: int, action: str, note: str = "", *, public: bool = True) -> None:
    """An event that changes nothing (e.g. a withdrawal that came too late), so the
    applicant's timeline (or, ``public=False``, the officer's only) says what happened."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        event = _append(case, action, case.state, case.state, SYSTEM, note=note, public=public)
        case.save()
        publish(case, event)
