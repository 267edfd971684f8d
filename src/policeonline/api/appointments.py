"""Appointments in the API: the halls for a service, their free times, and the citizen's own
bookings (book, reschedule, cancel). The same ``services`` as the portal pages, so the rules
cannot differ. A booking or application of another account is a plain 404."""

from datetime import datetime
from uuid import UUID

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import django_auth

from policeonline.applications.models import Application
from policeonline.appointments.booking import services
from policeonline.appointments.booking.models import Booking
from policeonline.appointments.booking.rules import limit
from policeonline.appointments.booking.slots import open_slots
from policeonline.appointments.models import Hall
from policeonline.audit.refusals import not_found, owned_or_404

from .schemas import ErrorOut, I18n

router = Router(tags=["appointments"], auth=django_auth)


class HallOut(Schema):
    code: str
    name: I18n
    address: I18n
    phone: str
    department: str
    slot_minutes: int


class SlotOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    free: int
    provisional: bool


class BookIn(Schema):
    slot_id: int
    application_id: UUID | None = None
    item_code: str | None = None


class RescheduleIn(Schema):
    slot_id: int


class BookingOut(Schema):
    id: UUID
    reference: str
    status: str
    item_code: str
    application_id: UUID | None
    receipt_no: str | None
    hall: HallOut
    starts_at: datetime
    ends_at: datetime
    reschedules_left: int
    can_cancel: bool
    created_at: datetime


class RefusedOut(Schema):
    error: dict


def _hall(hall: Hall) -> dict:
    return {"code": hall.code, "name": {"zh": hall.name_zh, "en": hall.name_en},
            "address": {"zh": hall.address_zh, "en": hall.address_en}, "phone": hall.phone,
            "department": hall.department_code, "slot_minutes": hall.slot_minutes}


def _out(b: Booking) -> dict:
    return {"id": b.pk, "reference": b.reference, "status": b.status, "item_code": b.item_code,
            "application_id": b.application_id,
            "receipt_no": b.application.receipt_no if b.application_id else None,
            "hall": _hall(b.hall), "starts_at": b.slot.starts_at, "ends_at": b.slot.ends_at,
            "reschedules_left": max(limit("APPOINTMENT_MAX_RESCHEDULES") - b.reschedules, 0)
            if b.active else 0,
            "can_cancel": b.active and b.slot.starts_at > timezone.now(), "created_at": b.created_at}


def _refused(exc: services.Refused):
    status = 409 if exc.code in ("slot_full", "already_booked") else 422
    return Status(status, {"error": {"code": exc.code, "message": exc.message}})


def _own(request, booking_id) -> Booking:
    return owned_or_404(Booking.objects.select_related("hall", "slot", "application"),
                        request.auth, pk=booking_id)


@router.get("/halls", response=list[HallOut], auth=None,
            summary="Service halls, optionally only those handling one service item")
def halls(request, item_code: str = ""):
    found = services.halls_for(item_code.upper()) if item_code else Hall.objects.filter(active=True)
    return [_hall(h) for h in found]


@router.get("/halls/{code}/slots", response={200: list[SlotOut], 404: ErrorOut}, auth=None,
            summary="A hall's times in the next working days (free = places left)")
def slots(request, code: str):
    hall = get_object_or_404(Hall, code=code, active=True)
    return Status(200, [{"id": s.pk, "starts_at": s.starts_at, "ends_at": s.ends_at, "free": s.free,
                         "provisional": s.provisional} for s in open_slots(hall)])


@router.get("", response=list[BookingOut], summary="My appointments, newest first")
def mine(request):
    return [_out(b) for b in Booking.objects.filter(owner=request.auth)
            .select_related("hall", "slot", "application")[:100]]


@router.post("", response={201: BookingOut, 401: ErrorOut, 404: ErrorOut, 409: RefusedOut,
                           422: RefusedOut},
             summary="Book a time: for an application awaiting the visit, or for a service item "
                     "that needs one (409 when the time is full or already booked)")
def book(request, payload: BookIn):
    try:
        booking = services.book(request.auth, payload.slot_id, application_id=payload.application_id,
                                item_code=payload.item_code or "")
    except Application.DoesNotExist:
        raise not_found(Application, request.auth, pk=payload.application_id) from None
    except services.Refused as exc:
        return _refused(exc)
    return Status(201, _out(booking))


@router.get("/{booking_id}", response={200: BookingOut, 404: ErrorOut}, summary="One appointment")
def get_booking(request, booking_id: UUID):
    return Status(200, _out(_own(request, booking_id)))


@router.post("/{booking_id}/reschedule", response={200: BookingOut, 404: ErrorOut, 409: RefusedOut,
                                                   422: RefusedOut},
             summary="Move an appointment to another time (limited times, not close to it)")
def reschedule(request, booking_id: UUID, payload: RescheduleIn):
    _own(request, booking_id)
    try:
        return Status(200, _out(services.reschedule(request.auth, booking_id, payload.slot_id)))
    except services.Refused as exc:
        return _refused(exc)


@router.post("/{booking_id}/cancel", response={200: BookingOut, 404: ErrorOut, 422: RefusedOut},
             summary="Cancel an appointment (until it starts)")
def cancel(request, booking_id: UUID):
    _own(request, booking_id)
    try:
        return Status(200, _out(services.cancel(request.auth, booking_id)))
    except services.Refused as exc:
        return _refused(exc)
