"""The hall officer's one write path: record that a citizen came, or did not, and tell the
portal in the same transaction. An arrival also performs the visit step of the citizen's case
(``record_visit``, through the case engine, as the hall officer), so the case moves on."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.audit.log import record
from policeonline.cases import engine
from policeonline.cases.models import Case
from policeonline.exchange.outbox import enqueue

from .models import Visit

EARLY_ARRIVAL = timedelta(hours=2)  # a citizen may be taken this long before the slot


class NotAllowed(Exception):
    pass


def can_manage(officer, visit: Visit) -> bool:
    department = getattr(officer, "department", None)
    return department is not None and visit.hall.department_code == department.code


def mark(visit_pk: int, officer, outcome: str) -> Visit:
    if outcome not in (Visit.Status.ARRIVED, Visit.Status.NO_SHOW):
        raise NotAllowed(_("Unknown outcome."))
    with transaction.atomic():
        visit = Visit.objects.select_for_update().select_related("hall").get(pk=visit_pk)
        if not can_manage(officer, visit):
            raise Visit.DoesNotExist
        if visit.status in (Visit.Status.ARRIVED, Visit.Status.NO_SHOW):
            raise NotAllowed(_("This visit has already been recorded."))
        now = timezone.now()
        if outcome == Visit.Status.ARRIVED and now < visit.starts_at - EARLY_ARRIVAL:
            raise NotAllowed(_("An arrival can be recorded from two hours before the booked time."))
        if outcome == Visit.Status.NO_SHOW and (visit.status != Visit.Status.BOOKED
                                                or now < visit.ends_at):
            raise NotAllowed(_("A no-show can be recorded only after the booked time has passed."))
        visit.status, visit.marked_by, visit.marked_at = outcome, officer.username, now
        visit.save()
        record(officer.username, f"appointment.{outcome}", visit.reference, hall=visit.hall.code)
        enqueue("appointment.visit", {"booking_id": str(visit.booking_id), "reference": visit.reference,
                                      "outcome": outcome,
                                      "at": now.isoformat().replace("+00:00", "Z")},
                correlation_id=str(visit.booking_id))
        visit.case_note = _record_visit(visit, officer) if outcome == Visit.Status.ARRIVED else ""
        return visit


VISIT_STEP = "record_visit"


def _record_visit(visit: Visit, officer) -> str:
    """The visit done on the case, as this officer (who takes the case if nobody has). The
    arrival stands whatever happens here; what did not happen is said (localised) for the
    officer, e.g. the case is not waiting for a visit, or another officer is handling it."""
    case = Case.objects.filter(application_id=visit.application_id).first() if visit.application_id else None
    if case is None:
        return ""
    step = case.template.transition(VISIT_STEP)
    if step is None or not case.is_open or case.state not in step.from_:
        return _("The case %(receipt)s is not waiting for a visit; it was not moved.") % {
            "receipt": case.receipt_no}
    actor = engine.Actor.officer(officer)
    try:
        with transaction.atomic():
            if case.claimed_by_id is None and "supervisor" not in actor.roles:
                engine.claim(case.pk, actor)
            engine.perform(case.pk, VISIT_STEP, actor, note="已按预约到场办理。")
    except engine.NotAllowed as exc:
        return _("The case %(receipt)s was not moved: %(reason)s") % {
            "receipt": case.receipt_no, "reason": exc}
    return ""
