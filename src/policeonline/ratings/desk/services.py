"""The intranet's one write path for ratings and rectification tasks: each change in one
transaction with its audit row and, where the citizen should know, the envelope for the portal."""

from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from policeonline.audit.log import record
from policeonline.exchange.outbox import enqueue
from policeonline.workdays.calendar import add_working_days

from ..levels import POOR, Kind
from .models import Rating, RectificationTask

RECTIFICATION_WORKING_DAYS = 15
ANSWER_MIN, ANSWER_MAX = 10, 2000
SUPERVISOR = "supervisor"


class Unprocessable(Exception):
    """Genuine but not applicable here; the inbox quarantines it (kept, with the reason)."""


class NotAllowed(Exception):
    """The officer may not do this, or the input is not acceptable; the message says why."""


def store(case, body) -> Rating | None:
    """A rating from the portal (inside the inbox's transaction). Idempotent by its id; a
    second rating of the same kind for a case is kept out (the first one stands)."""
    if Rating.objects.filter(ref=body["rating_id"]).exists():
        return None
    if case.is_open:
        raise Unprocessable("the case is not finished")
    kind, level = body["kind"], body["level"]
    task = RectificationTask.objects.select_for_update().filter(case=case).first()
    if kind == Kind.FOLLOWUP and (task is None or task.status != RectificationTask.Status.ANSWERED):
        raise Unprocessable("no answered rectification to rate")
    if Rating.objects.filter(case=case, kind=kind).exists():
        record("exchange", "rating.duplicate", case.receipt_no, kind=kind)
        return None
    at = datetime.fromisoformat(body["at"].replace("Z", "+00:00")).astimezone(UTC)
    rating = Rating.objects.create(ref=body["rating_id"], case=case, kind=kind, level=level,
                                   comment=body["comment"].strip(), rated_at=at)
    record("exchange", "rating.received", case.receipt_no, kind=kind, level=level)
    if kind == Kind.CASE and level <= POOR and task is None:
        deadline = add_working_days(timezone.localdate(), RECTIFICATION_WORKING_DAYS)
        task = RectificationTask.objects.create(
            case=case, rating=rating, department_code=case.department_code,
            due_date=deadline.date, due_provisional=deadline.provisional)
        record("system", "rectification.opened", case.receipt_no, department=case.department_code,
               due=task.due_date.isoformat())
        _publish(task)
    return rating


def _publish(task: RectificationTask) -> None:
    case = task.case
    body = {"application_id": str(case.application_id), "receipt_no": case.receipt_no,
            "task_id": str(task.ref), "status": "answered" if task.status == task.Status.ANSWERED else "open",
            "due_date": task.due_date.isoformat(),
            "at": timezone.now().isoformat().replace("+00:00", "Z")}
    if task.answer:
        body["answer"] = task.answer
    enqueue("rectification.updated", body, correlation_id=str(case.application_id))


def visible_to(officer):
    """The tasks an officer may see: their department's (none without a department)."""
    if officer.department_id is None:
        return RectificationTask.objects.none()
    return RectificationTask.objects.filter(department_code=officer.department.code)


def _locked(task_id: int, officer) -> RectificationTask:
    task = visible_to(officer).select_for_update().filter(pk=task_id).first()
    if task is None:
        raise NotAllowed(_("This rectification task belongs to another department."))
    return task


def claim(task_id: int, officer) -> RectificationTask:
    with transaction.atomic():
        task = _locked(task_id, officer)
        if not task.is_open:
            raise NotAllowed(_("This task has already been answered."))
        if task.claimed_by_id not in (None, officer.pk) and not officer.has_role(SUPERVISOR):
            raise NotAllowed(_("Another officer is handling this task."))
        task.claimed_by, task.status = officer, RectificationTask.Status.CLAIMED
        task.save(update_fields=["claimed_by", "status"])
        record(officer.username, "rectification.claimed", task.case.receipt_no)
        return task


def answer(task_id: int, officer, text: str) -> RectificationTask:
    """Record what was done; it goes to the citizen, who may then rate the follow-up."""
    text = (text or "").strip()
    with transaction.atomic():
        task = _locked(task_id, officer)
        # The task's state first: asking for a longer text is no use if it cannot be sent.
        if not task.is_open:
            raise NotAllowed(_("This task has already been answered."))
        if task.claimed_by_id != officer.pk and not officer.has_role(SUPERVISOR):
            raise NotAllowed(_("Claim the task before answering it.") if task.claimed_by_id is None
                             else _("Another officer is handling this task."))
        if not ANSWER_MIN <= len(text) <= ANSWER_MAX:
            raise NotAllowed(_("Describe what was done in %(min)s to %(max)s characters.")
                             % {"min": ANSWER_MIN, "max": ANSWER_MAX})
        task.claimed_by = task.claimed_by or officer
        task.status, task.answer, task.answered_at = RectificationTask.Status.ANSWERED, text, timezone.now()
        task.save(update_fields=["claimed_by", "status", "answer", "answered_at"])
        record(officer.username, "rectification.answered", task.case.receipt_no,
               overdue=task.answered_at.date() > task.due_date)
        _publish(task)
        return task


def flag_overdue(today=None) -> list[RectificationTask]:
    """Mark open tasks past their deadline (once each) and tell the department's supervisors:
    an in-site message in the back office (supervision's officers' inbox) and the audit log;
    the list shows the flag. Returns the tasks newly flagged."""
    from django.apps import apps
    from django.urls import reverse

    from policeonline.accounts.officers.models import Officer

    deliver = None
    if apps.is_installed("policeonline.supervision"):
        from policeonline.supervision.inbox import deliver

    today = today or timezone.localdate()
    flagged = []
    with transaction.atomic():
        due = RectificationTask.objects.select_for_update().filter(
            due_date__lt=today, overdue_since__isnull=True).exclude(status=RectificationTask.Status.ANSWERED)
        for task in due.select_related("case"):
            task.overdue_since = today
            task.save(update_fields=["overdue_since"])
            supervisors = sorted((o for o in Officer.objects.filter(
                department__code=task.department_code, is_active=True) if o.has_role(SUPERVISOR)),
                key=lambda o: o.username)
            for officer in supervisors if deliver else []:
                # Stored as written, so in the bureau's language (like the supervision alerts).
                with translation.override(settings.LANGUAGE_CODE):
                    deliver(officer, _("Rectification task overdue: %(no)s") % {"no": task.case.receipt_no},
                            _("The rectification of a poor rating was due by %(date)s and has not "
                              "been answered.") % {"date": task.due_date.isoformat()},
                            link=reverse("rating_desk:detail", args=[task.pk]))
            record("system", "rectification.overdue", task.case.receipt_no, department=task.department_code,
                   due=task.due_date.isoformat(), escalated_to=[o.username for o in supervisors])
            flagged.append(task)
    return flagged
