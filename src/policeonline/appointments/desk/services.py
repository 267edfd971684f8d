"""The hall officer's one write path: record that a citizen came, or did not, and tell the
portal in the same transaction."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.audit.log import record
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
        return visit
