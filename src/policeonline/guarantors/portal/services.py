"""Every change of a guarantee request, for the portal pages, the API and the timeout command.

Naming a guarantor happens inside the application's submission (or resubmission) transaction:
``nominate`` checks what the portal can know without the registries (not oneself, a verified
account, the name, the yearly limit) and refuses at once; the registry facts (Jinan household,
no record) are the intranet's comparison. The guarantor's answer, or the timeout, is one
transaction with the request row locked and the ``guarantee.response`` envelope queued in it.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.accounts.citizens.models import User, id_digest
from policeonline.applications import services as applications
from policeonline.appointments.booking.calendar import next_working_days
from policeonline.audit.log import record
from policeonline.exchange.outbox import enqueue
from policeonline.notifications.notify import tell

from ..rules import needs_guarantor, rules
from .models import GuaranteeRequest

Status = GuaranteeRequest.Status


class Refused(applications.Refused):
    """A guarantor rule says no; ``errors`` puts the message on the guarantor's fields."""

    def __init__(self, code: str, message: str, field: str = "id_number"):
        super().__init__(message, {rules().fields[field]: [message]})
        self.code = code


def check_nomination(user, data: dict, application=None) -> User:
    """The guarantor account named in ``data``, or ``Refused`` with the first rule broken."""
    r = rules()
    name = (data.get(r.fields["name"]) or "").strip()
    id_number = (data.get(r.fields["id_number"]) or "").strip().upper()
    if r.not_self and id_number == (user.id_number or "").upper():
        raise Refused("self", _("You cannot be your own guarantor; name another person."))
    guarantor = User.objects.filter(kind=User.Kind.CITIZEN, id_digest=id_digest(id_number)).first()
    if guarantor is None or not guarantor.is_active:
        raise Refused("no_account", _("The guarantor needs an account on this portal; ask them to "
                                      "register and complete real-name verification first."))
    if r.name_matches_account and guarantor.name != name:
        raise Refused("name_mismatch", _("The name does not match the guarantor's account."), "name")
    if r.verified_account and not guarantor.is_verified:
        raise Refused("unverified", _("The guarantor's account has not completed real-name "
                                      "verification."))
    year = timezone.localdate().year
    # Lock the guarantor's account row: two applicants naming the same person at once count in turn.
    User.objects.select_for_update().filter(pk=guarantor.pk).first()
    # Open requests of applications closed since (withdrawn, refused…) no longer count.
    used = GuaranteeRequest.objects.filter(guarantor=guarantor, year=year).filter(
        Q(status=Status.CONFIRMED) | Q(status=Status.PENDING) & ~Q(application__status="closed"))
    if application is not None:
        used = used.exclude(application=application)
    if used.count() >= r.yearly_limit:
        raise Refused("yearly_limit", _("This person has already vouched for %(n)d applicants this "
                                        "year, the most allowed; name another guarantor.")
                      % {"n": r.yearly_limit})
    return guarantor


def nominate(app, user, data: dict) -> GuaranteeRequest | None:
    """Called by ``applications.services`` inside the submission's transaction (row locked)."""
    if not needs_guarantor(app.item):
        return None
    guarantor = check_nomination(user, data, app)
    current = app.guarantee_requests.filter(guarantor=guarantor,
                                            status__in=GuaranteeRequest.COUNTED).first()
    if current is not None:
        return current  # the same guarantor again (corrections of something else): nothing to ask
    app.guarantee_requests.filter(status=Status.PENDING).update(status=Status.SUPERSEDED,
                                                                answered_at=timezone.now())
    due, provisional = next_working_days(timezone.localdate(), rules().response_working_days)[-1]
    request = GuaranteeRequest.objects.create(
        application=app, guarantor=guarantor, round=app.round, applicant_name=user.name,
        applicant_id_masked=user.id_masked, item_code=app.item_code, year=timezone.localdate().year,
        due_on=due, due_provisional=provisional)
    tell(guarantor, "guarantee.requested", {"applicant": user.name, "id": user.id_masked,
                                             "item": app.item_code, "due": f"{due:%Y-%m-%d}"},
         link=reverse("guarantors:detail", args=[request.pk]))
    record(user.account_ref, "guarantee.requested", str(request.pk), item=app.item_code)
    return request


def inbox(user):
    return GuaranteeRequest.objects.filter(guarantor=user).select_related("application")


def get(request_id, user) -> GuaranteeRequest:
    """The request, if it is addressed to this account; anyone else's is ``DoesNotExist``."""
    return GuaranteeRequest.objects.get(pk=request_id, guarantor=user)


def confirm(request_id, user) -> GuaranteeRequest:
    return _answer(request_id, user, Status.CONFIRMED)


def decline(request_id, user) -> GuaranteeRequest:
    return _answer(request_id, user, Status.DECLINED)


def _answer(request_id, user, status) -> GuaranteeRequest:
    with transaction.atomic():
        request = (GuaranteeRequest.objects.select_for_update().select_related("application")
                   .get(pk=request_id, guarantor=user))
        if not request.is_open:
            raise Refused("answered", _("This request has already been answered or has closed."))
        if request.application.status == "closed":
            raise Refused("closed", _("The application has been closed; there is nothing to vouch for."))
        if request.due_on < timezone.localdate():
            raise Refused("expired", _("The time to answer this request has passed."))
        _close(request, status, actor=user.account_ref)
        return request


def expire_overdue(today: date | None = None) -> int:
    """Close every request not answered by its last day (idempotent: each closes once)."""
    today = today or timezone.localdate()
    closed = 0
    for pk in GuaranteeRequest.objects.filter(status=Status.PENDING, due_on__lt=today).values_list(
            "pk", flat=True):
        with transaction.atomic():
            request = (GuaranteeRequest.objects.select_for_update().select_related("application")
                       .filter(pk=pk, status=Status.PENDING, due_on__lt=today).first())
            if request is None:
                continue  # answered meanwhile, or closed by another run
            if request.application.status == "closed":  # nothing to return to the applicant
                request.status, request.answered_at = Status.SUPERSEDED, timezone.now()
                request.save(update_fields=["status", "answered_at"])
                continue
            _close(request, Status.EXPIRED, actor="system")
            closed += 1
    return closed


def _close(request: GuaranteeRequest, status: str, *, actor: str) -> None:
    now = timezone.now()
    request.status, request.answered_at = status, now
    request.save(update_fields=["status", "answered_at"])
    app = request.application
    enqueue("guarantee.response", {
        "application_id": str(app.pk), "receipt_no": app.receipt_no, "request_id": str(request.pk),
        "round": request.round, "outcome": status, "guarantor_id_masked": request.guarantor.id_masked,
        "at": now.isoformat().replace("+00:00", "Z")},
        correlation_id=str(app.pk), shard_key=str(app.pk))
    tell(app.owner, "guarantee.answered", {"status": str(status), "item": app.item_code,
                                           "receipt": app.receipt_no},
         link=reverse("applications:detail", args=[app.pk]), sms=status != Status.CONFIRMED)
    record(actor, f"guarantee.{status}", str(request.pk), receipt=app.receipt_no)
