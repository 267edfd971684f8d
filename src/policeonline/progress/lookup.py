"""Finding an application by receipt number and a second factor, and what the public may see
of it. The answer is the same whether the number is unknown or the factor wrong, and the
factor is compared in constant time against both the name and the phone digits every time."""

import hmac
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.applications.models import Application, clock_starting_actions
from policeonline.applications.receipts import is_valid, normalise
from policeonline.applications.updates import describe

from . import throttle

FACTOR_MAX = 50


class Refused(Exception):
    def __init__(self, code: str, message: str, status: int):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass
class Progress:
    receipt_no: str
    item_code: str
    item_name: str
    department: str
    state: str
    state_label: str
    finished: bool
    submitted_on: date | None
    accepted_on: date | None
    decided_on: date | None
    due_date: date | None
    due_for: str | None  # "acceptance" before the department accepts, then "completion"
    steps: list[dict]


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


def matches(app: Application, factor: str) -> bool:
    """The applicant's full name (or, for a company, its name) or the last four digits of
    the account's mobile number. Every candidate is compared, whichever matches."""
    entered = _fold(factor)
    owner = app.owner
    names = [_fold(owner.name), _fold(owner.company_name) if owner.company_name else "\0"]
    digits = (owner.phone or "")[-4:]
    hits = [_same(entered, n) for n in names] + [len(entered) == 4 and _same(entered, digits)]
    return bool(entered) and any(hits)


def _not_found() -> Refused:
    return Refused("not_found", _("No application matches this receipt number and name or phone digits. "
                                  "Check both and try again."), 404)


def find(request, receipt_no: str, factor: str) -> Application:
    """The application, or ``Refused`` (invalid input, no match, throttled) — nothing else told."""
    if not throttle.client_allowed(request):
        raise Refused("throttled", _("Too many progress queries from your network. "
                                     "Please wait a few minutes and try again."), 429)
    number = normalise(receipt_no)
    factor = (factor or "").strip()
    if not is_valid(number):
        raise Refused("invalid_receipt", _("This is not a valid receipt number; please check it."), 422)
    if not factor or len(factor) > FACTOR_MAX:
        raise Refused("invalid_factor", _("Enter the applicant's full name or the last four digits "
                                          "of their mobile number."), 422)
    if throttle.receipt_locked(number):
        raise Refused("locked", _("Too many wrong answers for this receipt number. It is locked for "
                                  "an hour; please try again later."), 429)
    app = (Application.objects.select_related("owner").exclude(status=Application.Status.DRAFT)
           .filter(receipt_no=number).first())
    if app is None or not matches(app, factor):
        throttle.receipt_failed(number)
        raise _not_found()
    return app


def _day(at: datetime | None) -> date | None:
    return timezone.localdate(at) if at else None


def progress(app: Application) -> Progress:
    """Step, dates and the public timeline: event labels only, never notes (they may name people)."""
    events = list(app.events.all())
    accepted = next((e.at for e in events if e.action in clock_starting_actions()), None)
    finished = app.status == Application.Status.CLOSED
    item = app.item
    return Progress(
        receipt_no=app.receipt_no, item_code=app.item_code,
        item_name=str(item.name) if item else app.item_code,
        department=str(item.department.name) if item and item.department_id else "",
        state=app.state, state_label=str(app.state_label), finished=finished,
        submitted_on=_day(app.submitted_at), accepted_on=_day(accepted),
        decided_on=_day(app.closed_at) if finished else None, due_date=None if finished else app.due_date,
        due_for=None if finished or not app.due_date else "completion" if accepted else "acceptance",
        steps=[{"on": _day(e.at), "at": e.at, "step": str(describe(e, app.workflow))} for e in events])
