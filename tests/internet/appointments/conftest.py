"""Halls, a citizen whose exit-entry application awaits the visit, and helpers to find slots."""

from datetime import timedelta

import pytest
from django.utils import timezone

from policeonline.applications.models import Application
from policeonline.applications.receipts import new_receipt_no
from policeonline.appointments.booking.models import Booking, Slot
from policeonline.appointments.booking.references import new_reference
from policeonline.appointments.booking.slots import open_slots
from policeonline.appointments.halls import load_halls
from policeonline.appointments.models import Hall

from ..applications.conftest import Intranet, make_user, outbox_bodies  # noqa: F401


@pytest.fixture
def halls(db):
    load_halls()
    return {h.code: h for h in Hall.objects.all()}


@pytest.fixture
def citizen(db):
    return make_user(name="张三", id_number="37010219900307106X", phone="13800000001")


@pytest.fixture
def other_citizen(db):
    return make_user(name="李四", id_number="370102198506150021", phone="13800000002")


def awaiting_visit(user, item_code="CRJ-001", state="awaiting_visit") -> Application:
    return Application.objects.create(
        owner=user, item_code=item_code, workflow="visit", status=Application.Status.OPEN,
        state=state, receipt_no=new_receipt_no(2026), round=1, submitted_at=timezone.now())


@pytest.fixture
def application(citizen):
    return awaiting_visit(citizen)


def slots(hall, n=3) -> list[Slot]:
    return list(open_slots(hall)[:n])


def move_slot(slot: Slot, start) -> None:
    """Put a slot at another time (to test limits close to it)."""
    Slot.objects.filter(pk=slot.pk).update(starts_at=start, ends_at=start + timedelta(minutes=30))


def no_shows(user, hall, count, days_ago=10):
    """Record past no-shows for a user directly (the hall's reports arrive as envelopes
    elsewhere in the tests)."""
    slot = Slot.objects.create(hall=hall, starts_at=timezone.now() - timedelta(days=days_ago + 1),
                               ends_at=timezone.now() - timedelta(days=days_ago + 1) + timedelta(minutes=30),
                               capacity=50)
    for _ in range(count):
        Booking.objects.create(reference=new_reference(), owner=user, item_code="CRJ-001", hall=hall,
                               slot=slot, status=Booking.Status.NO_SHOW,
                               closed_at=timezone.now() - timedelta(days=days_ago))
