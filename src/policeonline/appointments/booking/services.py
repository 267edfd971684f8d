"""Every citizen action on a booking, for the portal and the API alike: one transaction each,
the slot rows locked (in id order) before their counters change, the envelope for the
intranet enqueued in the same transaction."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.applications.models import Application
from policeonline.appointments.models import Hall
from policeonline.audit.log import record
from policeonline.catalog.models import Item
from policeonline.exchange.outbox import enqueue

from .models import Booking, Slot
from .references import new_reference
from .rules import limit
from .slots import horizon

VISIT_WORKFLOWS = {"visit"}  # items whose law needs the applicant in person once


class Refused(Exception):
    """The action is not possible; ``message`` is localised, ``code`` is for the API."""

    def __init__(self, message: str, code: str = "refused"):
        super().__init__(message)
        self.message, self.code = message, code


def banned_until(user, now=None):
    """The end of the user's booking ban after repeated no-shows, or None."""
    now = now or timezone.now()
    window = now - timedelta(days=limit("APPOINTMENT_NO_SHOW_WINDOW_DAYS"))
    times = list(Booking.objects.filter(owner=user, status=Booking.Status.NO_SHOW,
                                        closed_at__gte=window)
                 .order_by("-closed_at").values_list("closed_at", flat=True))
    if len(times) < limit("APPOINTMENT_NO_SHOW_LIMIT"):
        return None
    until = times[0] + timedelta(days=limit("APPOINTMENT_NO_SHOW_BAN_DAYS"))
    return until if until > now else None


def halls_for(item_code: str) -> list[Hall]:
    return [h for h in Hall.objects.filter(active=True) if h.serves_item(item_code)]


def _check_person(user) -> None:
    if not user.is_authenticated or not user.is_verified:
        raise Refused(_("Complete real-name verification before booking an appointment."), "unverified")
    until = banned_until(user)
    if until:
        raise Refused(_("You missed too many appointments; you can book again from %(date)s.")
                      % {"date": f"{timezone.localtime(until):%Y-%m-%d}"}, "no_show_ban")


def _target(user, application_id, item_code) -> tuple[Application | None, str]:
    """What the visit is for: a locked application awaiting it, or an item that needs one."""
    if application_id:
        app = Application.objects.select_for_update().filter(pk=application_id, owner=user).first()
        if app is None:
            raise Application.DoesNotExist
        if app.state != "awaiting_visit" or app.pending_action:
            raise Refused(_("This application is not waiting for a visit."), "not_awaiting_visit")
        return app, app.item_code
    item = Item.objects.filter(code=(item_code or "").upper()).first()
    if item is None or item.workflow not in VISIT_WORKFLOWS:
        raise Refused(_("This service does not need an appointment at a hall."), "no_visit_needed")
    return None, item.code


def _lock_slot(slot_id, hall: Hall | None = None) -> Slot:
    slot = Slot.objects.select_for_update().select_related("hall").filter(pk=slot_id).first()
    if slot is None or (hall is not None and slot.hall_id != hall.pk):
        raise Refused(_("This time slot does not exist."), "unknown_slot")
    return slot


def _check_bookable(slot: Slot, item_code: str) -> None:
    if not slot.hall.active or not slot.hall.serves_item(item_code):
        raise Refused(_("This hall does not handle this service."), "wrong_hall")
    dates = {d for d, _ in horizon()}
    if slot.starts_at <= timezone.now() or timezone.localtime(slot.starts_at).date() not in dates:
        raise Refused(_("This time slot can no longer be booked; please choose another."), "slot_closed")
    if slot.booked >= slot.capacity:
        raise Refused(_("This time slot is fully booked; please choose another."), "slot_full")


def _take(slot: Slot) -> None:
    Slot.objects.filter(pk=slot.pk).update(booked=F("booked") + 1)


def _release(slot_id) -> None:
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def book(user, slot_id, *, application_id=None, item_code: str = "") -> Booking:
    _check_person(user)
    try:
        with transaction.atomic():
            app, code = _target(user, application_id, item_code)
            active = Booking.objects.filter(application=app, status=Booking.Status.BOOKED)
            if app is not None and active.exists():
                raise Refused(_("This application already has an appointment; reschedule it instead."),
                              "already_booked")
            slot = _lock_slot(slot_id)
            _check_bookable(slot, code)
            _take(slot)
            booking = Booking.objects.create(reference=new_reference(), owner=user, application=app,
                                             item_code=code, hall=slot.hall, slot=slot)
            record(user.account_ref, "appointment.booked", booking.reference, hall=slot.hall.code,
                   slot=slot.starts_at.isoformat(), application=str(app.pk) if app else "")
            _send(booking, "booked")
            return booking
    except IntegrityError:  # the same citizen booking the same thing twice at once
        raise Refused(_("You already have an appointment for this; reschedule it instead."),
                      "already_booked") from None


def _locked_booking(user, booking_id) -> Booking:
    booking = Booking.objects.select_for_update().filter(pk=booking_id, owner=user).first()
    if booking is None:
        raise Booking.DoesNotExist
    return booking


def reschedule(user, booking_id, slot_id) -> Booking:
    with transaction.atomic():
        booking = _locked_booking(user, booking_id)
        if not booking.active:
            raise Refused(_("This appointment can no longer be changed."), "not_active")
        if booking.reschedules >= limit("APPOINTMENT_MAX_RESCHEDULES"):
            raise Refused(_("An appointment can be rescheduled at most %(n)d times; cancel it and "
                            "book again instead.") % {"n": limit("APPOINTMENT_MAX_RESCHEDULES")},
                          "reschedule_limit")
        old = Slot.objects.get(pk=booking.slot_id)
        cutoff = timedelta(hours=limit("APPOINTMENT_RESCHEDULE_CUTOFF_HOURS"))
        if old.starts_at - timezone.now() < cutoff:
            raise Refused(_("An appointment cannot be rescheduled less than %(hours)d hours before "
                            "it starts.") % {"hours": limit("APPOINTMENT_RESCHEDULE_CUTOFF_HOURS")},
                          "too_late")
        if int(slot_id) == old.pk:
            raise Refused(_("This is already the time of your appointment."), "same_slot")
        # Both slots locked in id order, so two reschedules between the same slots cannot deadlock.
        locked = {s.pk: s for s in Slot.objects.select_for_update().select_related("hall")
                  .filter(pk__in=sorted({old.pk, int(slot_id)})).order_by("pk")}
        new = locked.get(int(slot_id))
        if new is None:
            raise Refused(_("This time slot does not exist."), "unknown_slot")
        _check_bookable(new, booking.item_code)
        _release(old.pk)
        _take(new)
        booking.slot, booking.hall = new, new.hall
        booking.reschedules += 1
        booking.revision += 1
        booking.reminded_at = None
        booking.save()
        record(user.account_ref, "appointment.rescheduled", booking.reference,
               slot=new.starts_at.isoformat(), previous=old.starts_at.isoformat())
        _send(booking, "rescheduled")
        return booking


def cancel(user, booking_id) -> Booking:
    with transaction.atomic():
        booking = _locked_booking(user, booking_id)
        if not booking.active:
            raise Refused(_("This appointment can no longer be changed."), "not_active")
        slot = Slot.objects.select_for_update().get(pk=booking.slot_id)
        if slot.starts_at <= timezone.now():
            raise Refused(_("An appointment cannot be cancelled after it has started."), "too_late")
        _release(slot.pk)
        booking.status, booking.closed_at = Booking.Status.CANCELLED, timezone.now()
        booking.revision += 1
        booking.save()
        record(user.account_ref, "appointment.cancelled", booking.reference)
        _send(booking, "cancelled")
        return booking


def _stamp(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _send(booking: Booking, action: str) -> None:
    user, slot, app = booking.owner, booking.slot, booking.application
    body = {"booking_id": str(booking.pk), "reference": booking.reference,
            "revision": booking.revision, "action": action, "hall": booking.hall.code,
            "item_code": booking.item_code, "account_ref": user.account_ref,
            "name": user.name[:50], "id_masked": user.id_masked,
            "starts_at": _stamp(slot.starts_at), "ends_at": _stamp(slot.ends_at),
            "at": _stamp(timezone.now())}
    if app is not None:
        body.update(application_id=str(app.pk), receipt_no=app.receipt_no)
    key = str(app.pk) if app is not None else str(booking.pk)
    enqueue("appointment.booking", body, correlation_id=key, shard_key=key)


def cancel_for_closed_application(app: Application) -> None:
    """The application was withdrawn, refused or rejected while its visit was booked: the seat
    is given back and the hall told (inside the transaction that closed the application)."""
    for booking in Booking.objects.select_for_update().select_related("slot", "owner", "hall").filter(
            application=app, status=Booking.Status.BOOKED):
        if booking.slot.starts_at > timezone.now():
            _release(booking.slot_id)
        booking.status, booking.closed_at = Booking.Status.CANCELLED, timezone.now()
        booking.revision += 1
        booking.save()
        record("system", "appointment.cancelled", booking.reference, reason=f"application {app.outcome}")
        _send(booking, "cancelled")
