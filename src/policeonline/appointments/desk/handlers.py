"""The portal's bookings arrive here (inside the inbox's transaction): the newest revision of
each booking is kept; what the hall has already recorded is never undone by the portal."""

from datetime import datetime

from policeonline.appointments.models import Hall
from policeonline.audit.log import record
from policeonline.exchange.types import handles

from .models import Visit

STATUS = {"booked": Visit.Status.BOOKED, "rescheduled": Visit.Status.BOOKED,
          "cancelled": Visit.Status.CANCELLED}


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@handles("appointment.booking", from_zone="internet")
def on_booking(body, envelope):
    hall = Hall.objects.filter(code=body["hall"]).first()
    if hall is None:
        raise LookupError(f"unknown hall {body['hall']}")
    visit = Visit.objects.select_for_update().filter(booking_id=body["booking_id"]).first()
    if visit is not None and body["revision"] <= visit.revision:
        return  # an older or repeated report
    visit = visit or Visit(booking_id=body["booking_id"])
    visit.reference, visit.revision, visit.hall = body["reference"], body["revision"], hall
    visit.item_code, visit.account_ref = body["item_code"], body["account_ref"]
    visit.application_id = body.get("application_id")
    visit.receipt_no = body.get("receipt_no", "")
    visit.name, visit.id_masked = body["name"], body["id_masked"]
    visit.starts_at, visit.ends_at = _time(body["starts_at"]), _time(body["ends_at"])
    if visit.status not in (Visit.Status.ARRIVED, Visit.Status.NO_SHOW):
        visit.status = STATUS[body["action"]]
    visit.save()
    record("exchange", f"appointment.{body['action']}", visit.reference, hall=hall.code)
