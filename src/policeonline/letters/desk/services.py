"""The one write path of letters in the back office. Each change locks the letter's row,
appends to its log and the audit log, and queues what the portal must know in the same
transaction (``letter.updated`` / ``letter.answered`` / ``letter.published``)."""

import base64
from collections import defaultdict
from datetime import UTC, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.accounts.officers.models import Officer
from policeonline.audit.log import record
from policeonline.catalog.models import Category, Department, Item
from policeonline.exchange.outbox import enqueue
from policeonline.letters.kinds import rules
from policeonline.messages.letters import ANSWER_MAX, TEXT_MAX
from policeonline.supervision.inbox import deliver
from policeonline.workdays.calendar import add_working_days

from .models import Attachment, Letter, LetterEvent

SYSTEM = "system"


class NotAllowed(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def route(kind: str, topic: str) -> tuple[Department, str]:
    """The department in charge of a letter, and the topic's name: the mailbox's fixed
    department, else the owner of the item or category, else the 'other' department."""
    fixed = rules().kind(kind).department
    found = (Item.objects.select_related("department").filter(code=topic).first()
             or Category.objects.select_related("department").filter(code=topic).first())
    label = found.name if found else _("Other")
    code = fixed or (found.department.code if found else rules().other_department)
    return Department.objects.get(code=code), label


def _event(letter: Letter, actor: str, action: str, note: str = "") -> None:
    LetterEvent.objects.create(letter=letter, actor=actor, action=action, note=note)
    record(actor, f"letter.{action}", letter.tracking_no, department=letter.department.code)


def _updated(letter: Letter, state: str) -> None:
    enqueue("letter.updated", {"letter_id": str(letter.pk), "tracking_no": letter.tracking_no,
                               "state": state, "department": letter.department.name_zh,
                               "due_date": letter.due_date.isoformat(),
                               "at": stamp(timezone.now())})


def receive(body: dict) -> Letter | None:
    """A letter from the portal: route it, set its deadline, tell the portal. Idempotent."""
    if Letter.objects.filter(pk=body["letter_id"]).exists():
        return None
    department, label = route(body["kind"], body["topic"])
    received = timezone.now()
    deadline = add_working_days(timezone.localdate(), rules().kind(body["kind"]).answer_within_working_days)
    letter = Letter.objects.create(
        id=body["letter_id"], tracking_no=body["tracking_no"], kind=body["kind"], topic=body["topic"],
        topic_label=label, department=department, subject=body["subject"], text=body["text"],
        anonymous=body["anonymous"], writer_name=body["writer_name"],
        contact_phone=body["contact_phone"], publish_consent=body["publish_consent"],
        received_at=received, due_date=deadline.date, due_provisional=deadline.provisional)
    for item in body["attachments"]:
        content = base64.b64decode(item["content_b64"])
        Attachment.objects.create(letter=letter, filename=item["filename"], size=len(content),
                                  content_type=item["content_type"], content=content)
    _event(letter, SYSTEM, "received", department.name_zh)
    _updated(letter, "received")
    return letter


def _locked(letter_id) -> Letter:
    return Letter.objects.select_for_update().select_related("department").get(pk=letter_id)


def may_handle(officer, letter: Letter) -> bool:
    return officer.department_id is not None and officer.department_id == letter.department_id


def claim(letter_id, officer) -> Letter:
    with transaction.atomic():
        letter = _locked(letter_id)
        if not may_handle(officer, letter):
            raise NotAllowed(_("This letter belongs to another department."))
        if letter.state != Letter.State.OPEN:
            raise NotAllowed(_("This letter has already been answered."))
        if letter.claimed_by_id not in (None, officer.pk) and not officer.has_role("supervisor"):
            raise NotAllowed(_("Another officer has claimed this letter."))
        letter.claimed_by = officer
        letter.save(update_fields=["claimed_by"])
        _event(letter, officer.username, "claimed")
    return letter


def answer(letter_id, officer, text: str) -> Letter:
    text = (text or "").strip()
    if not text:
        raise NotAllowed(_("Write the answer."))
    if len(text) > ANSWER_MAX:
        raise NotAllowed(_("The answer is too long: at most %(n)d characters.") % {"n": ANSWER_MAX})
    with transaction.atomic():
        letter = _locked(letter_id)
        if not may_handle(officer, letter):
            raise NotAllowed(_("This letter belongs to another department."))
        if letter.state != Letter.State.OPEN:
            raise NotAllowed(_("This letter has already been answered."))
        if letter.claimed_by_id != officer.pk:
            raise NotAllowed(_("Claim the letter before answering it."))
        letter.state, letter.answer = Letter.State.ANSWERED, text
        letter.answered_at, letter.answered_by = timezone.now(), officer
        letter.save(update_fields=["state", "answer", "answered_at", "answered_by"])
        _event(letter, officer.username, "answered")
        enqueue("letter.answered", {"letter_id": str(letter.pk), "tracking_no": letter.tracking_no,
                                    "answer": text, "department": letter.department.name_zh,
                                    "answered_at": stamp(letter.answered_at)})
    return letter


def transfer(letter_id, officer, department_code: str, note: str) -> Letter:
    note = (note or "").strip()[:500]
    if not note:
        raise NotAllowed(_("Say why the letter goes to another department."))
    with transaction.atomic():
        letter = _locked(letter_id)
        if not may_handle(officer, letter):
            raise NotAllowed(_("This letter belongs to another department."))
        if letter.state != Letter.State.OPEN:
            raise NotAllowed(_("This letter has already been answered."))
        target = Department.objects.filter(code=department_code).first()
        if target is None or target.pk == letter.department_id:
            raise NotAllowed(_("Choose another department."))
        letter.department, letter.claimed_by = target, None  # the deadline stays the writer's
        letter.save(update_fields=["department", "claimed_by"])
        _event(letter, officer.username, "transferred", f"→ {target.name_zh}: {note}")
        _updated(letter, "transferred")
    return letter


def publish(letter_id, officer, question: str, public_answer: str) -> Letter:
    question, public_answer = (question or "").strip(), (public_answer or "").strip()
    if not question or not public_answer:
        raise NotAllowed(_("Write both the public question and the public answer."))
    if len(question) > TEXT_MAX or len(public_answer) > ANSWER_MAX:
        raise NotAllowed(_("The public wording is too long."))
    with transaction.atomic():
        letter = _locked(letter_id)
        if not may_handle(officer, letter):
            raise NotAllowed(_("This letter belongs to another department."))
        if not letter.may_publish:
            raise NotAllowed(_("The writer did not agree to publication."))
        if letter.state != Letter.State.ANSWERED:
            raise NotAllowed(_("Answer the letter before publishing it."))
        letter.public_question, letter.public_answer = question, public_answer
        letter.published_at = timezone.now()
        letter.save(update_fields=["public_question", "public_answer", "published_at"])
        _event(letter, officer.username, "published")
        enqueue("letter.published", {"letter_id": str(letter.pk), "tracking_no": letter.tracking_no,
                                     "question": question, "answer": public_answer,
                                     "published_at": stamp(letter.published_at)})
    return letter


def rated(body: dict) -> None:
    letter = Letter.objects.select_for_update().filter(pk=body["letter_id"],
                                                       tracking_no=body["tracking_no"]).first()
    if letter is None or letter.rating is not None:
        return
    letter.rating = body["rating"]
    letter.save(update_fields=["rating"])
    _event(letter, SYSTEM, "rated", str(body["rating"]))


def overdue(department=None):
    letters = Letter.objects.filter(state=Letter.State.OPEN, due_date__lt=timezone.localdate())
    return letters.filter(department=department) if department is not None else letters


def escalate_overdue() -> int:
    """Mark each open letter past its due date as escalated (once): log, audit, and tell the
    department's supervisors in their back-office messages (one message per run each); they
    also see the alert on the workbench home and under 超期."""
    escalated: dict[int, list[Letter]] = defaultdict(list)
    for letter_id in overdue().filter(escalated_at=None).values_list("pk", flat=True)[:500]:
        with transaction.atomic():
            letter = _locked(letter_id)
            if letter.state != Letter.State.OPEN or letter.escalated_at is not None:
                continue
            letter.escalated_at = timezone.now()
            letter.save(update_fields=["escalated_at"])
            _event(letter, SYSTEM, "escalated", letter.due_date.isoformat())
            escalated[letter.department_id].append(letter)
    with transaction.atomic():
        for officer in Officer.objects.filter(is_active=True, department_id__in=list(escalated)):
            if officer.has_role("supervisor"):
                letters = escalated[officer.department_id]
                lines = [f"{x.tracking_no}（{x.subject}，{_('due')} {x.due_date:%Y-%m-%d}）"
                         for x in letters[:20]]
                deliver(officer, _("Letters from citizens overdue: %(n)s") % {"n": len(letters)},
                        "\n".join(lines), link=f"{reverse('letters_desk:inbox')}?show=overdue")
    return sum(len(v) for v in escalated.values())
