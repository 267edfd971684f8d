"""Booking, rescheduling and cancelling through the one service module."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from policeonline.applications.models import Application
from policeonline.appointments.booking import services
from policeonline.appointments.booking.models import Booking, Slot
from policeonline.audit.models import AuditEvent

from .conftest import awaiting_visit, make_user, move_slot, no_shows, outbox_bodies, slots


def test_book_for_an_application_awaiting_the_visit(halls, citizen, application, exchange_keys):
    slot = slots(halls["crj_city"])[0]
    booking = services.book(citizen, slot.pk, application_id=application.pk)
    slot.refresh_from_db()
    assert slot.booked == 1 and booking.status == "booked" and booking.reference.startswith("YY-")
    assert AuditEvent.objects.filter(action="appointment.booked", target=booking.reference).exists()
    [body] = outbox_bodies(exchange_keys, "appointment.booking")
    assert body["action"] == "booked" and body["application_id"] == str(application.pk)
    assert body["receipt_no"] == application.receipt_no and body["id_masked"] == "370102********106X"
    assert body["hall"] == "crj_city" and body["revision"] == 1


def test_one_active_booking_per_application(halls, citizen, application):
    first, second = slots(halls["crj_city"], 2)
    services.book(citizen, first.pk, application_id=application.pk)
    with pytest.raises(services.Refused) as exc:
        services.book(citizen, second.pk, application_id=application.pk)
    assert exc.value.code == "already_booked"
    second.refresh_from_db()
    assert second.booked == 0 and Booking.objects.count() == 1


def test_an_application_not_awaiting_a_visit_cannot_book(halls, citizen):
    app = awaiting_visit(citizen, state="examining")
    with pytest.raises(services.Refused) as exc:
        services.book(citizen, slots(halls["crj_city"])[0].pk, application_id=app.pk)
    assert exc.value.code == "not_awaiting_visit"


def test_another_citizens_application_is_not_found(halls, citizen, other_citizen, application):
    with pytest.raises(Application.DoesNotExist):
        services.book(other_citizen, slots(halls["crj_city"])[0].pk, application_id=application.pk)
    assert Booking.objects.count() == 0


def test_booking_without_an_application_for_an_item_that_needs_a_visit(halls, citizen):
    booking = services.book(citizen, slots(halls["crj_city"])[0].pk, item_code="CRJ-002")
    assert booking.application is None and booking.item_code == "CRJ-002"
    with pytest.raises(services.Refused) as exc:
        services.book(citizen, slots(halls["crj_city"])[1].pk, item_code="CRJ-002")
    assert exc.value.code == "already_booked"
    with pytest.raises(services.Refused) as exc:
        services.book(citizen, slots(halls["crj_city"])[1].pk, item_code="CRJ-007")  # review workflow
    assert exc.value.code == "no_visit_needed"


def test_the_hall_must_serve_the_item(halls, citizen, application):
    with pytest.raises(services.Refused) as exc:
        services.book(citizen, slots(halls["vehicle_city"])[0].pk, application_id=application.pk)
    assert exc.value.code == "wrong_hall"


def test_a_full_slot_is_refused_with_a_clear_message_and_nothing_changes(halls, citizen, application,
                                                                       exchange_keys):
    slot = slots(halls["crj_city"])[0]
    Slot.objects.filter(pk=slot.pk).update(booked=slot.capacity)
    with pytest.raises(services.Refused) as exc:
        services.book(citizen, slot.pk, application_id=application.pk)
    assert exc.value.code == "slot_full" and "已约满" in exc.value.message  # zh-Hans first
    slot.refresh_from_db()
    assert slot.booked == slot.capacity and Booking.objects.count() == 0
    assert outbox_bodies(exchange_keys, "appointment.booking") == []


def test_the_full_slot_message_in_english(halls, citizen, application):
    slot = slots(halls["crj_city"])[0]
    Slot.objects.filter(pk=slot.pk).update(booked=slot.capacity)
    with translation.override("en"), pytest.raises(services.Refused) as exc:
        services.book(citizen, slot.pk, application_id=application.pk)
    assert "fully booked" in exc.value.message


def test_past_and_unverified(halls, citizen, application):
    slot = slots(halls["crj_city"])[0]
    move_slot(slot, timezone.now() - timedelta(hours=1))
    with pytest.raises(services.Refused) as exc:
        services.book(citizen, slot.pk, application_id=application.pk)
    assert exc.value.code == "slot_closed"
    unverified = make_user(verified=False, name="王", id_number="370102198001010010", phone="13800000009")
    with pytest.raises(services.Refused) as exc:
        services.book(unverified, slots(halls["crj_city"])[1].pk, item_code="CRJ-001")
    assert exc.value.code == "unverified"


def test_reschedule_moves_the_seat_up_to_the_limit(halls, citizen, application, exchange_keys):
    a, b, c, d = slots(halls["crj_city"], 4)
    booking = services.book(citizen, a.pk, application_id=application.pk)
    services.reschedule(citizen, booking.pk, b.pk)
    booking = services.reschedule(citizen, booking.pk, c.pk)
    assert booking.reschedules == 2 and booking.slot_id == c.pk and booking.revision == 3
    assert [Slot.objects.get(pk=s.pk).booked for s in (a, b, c)] == [0, 0, 1]
    with pytest.raises(services.Refused) as exc:
        services.reschedule(citizen, booking.pk, d.pk)
    assert exc.value.code == "reschedule_limit"
    assert Slot.objects.get(pk=d.pk).booked == 0
    actions = [b["action"] for b in outbox_bodies(exchange_keys, "appointment.booking")]
    assert actions == ["booked", "rescheduled", "rescheduled"]


@override_settings(APPOINTMENT_MAX_RESCHEDULES=5)
def test_the_reschedule_limit_is_a_setting(halls, citizen, application):
    a, b, c, d = slots(halls["crj_city"], 4)
    booking = services.book(citizen, a.pk, application_id=application.pk)
    for target in (b, c, d):
        booking = services.reschedule(citizen, booking.pk, target.pk)
    assert booking.reschedules == 3


def test_no_reschedule_close_to_the_slot_and_not_to_a_full_one(halls, citizen, application):
    a, b = slots(halls["crj_city"], 2)
    booking = services.book(citizen, a.pk, application_id=application.pk)
    Slot.objects.filter(pk=b.pk).update(booked=b.capacity)
    with pytest.raises(services.Refused) as exc:
        services.reschedule(citizen, booking.pk, b.pk)
    assert exc.value.code == "slot_full"
    Slot.objects.filter(pk=b.pk).update(booked=0)
    move_slot(a, timezone.now() + timedelta(hours=5))
    with pytest.raises(services.Refused) as exc:
        services.reschedule(citizen, booking.pk, b.pk)
    assert exc.value.code == "too_late"
    assert Slot.objects.get(pk=a.pk).booked == 1 and Slot.objects.get(pk=b.pk).booked == 0


def test_cancel_frees_the_seat_but_not_after_the_start(halls, citizen, application, exchange_keys):
    a, b = slots(halls["crj_city"], 2)
    booking = services.cancel(citizen, services.book(citizen, a.pk, application_id=application.pk).pk)
    assert booking.status == "cancelled" and Slot.objects.get(pk=a.pk).booked == 0
    with pytest.raises(services.Refused):
        services.cancel(citizen, booking.pk)
    again = services.book(citizen, b.pk, application_id=application.pk)  # a new one is possible
    move_slot(b, timezone.now() - timedelta(minutes=5))
    with pytest.raises(services.Refused) as exc:
        services.cancel(citizen, again.pk)
    assert exc.value.code == "too_late"
    assert [x["action"] for x in outbox_bodies(exchange_keys, "appointment.booking")] == \
        ["booked", "cancelled", "booked"]


def test_another_citizen_cannot_change_a_booking(halls, citizen, other_citizen, application):
    a, b = slots(halls["crj_city"], 2)
    booking = services.book(citizen, a.pk, application_id=application.pk)
    with pytest.raises(Booking.DoesNotExist):
        services.reschedule(other_citizen, booking.pk, b.pk)
    with pytest.raises(Booking.DoesNotExist):
        services.cancel(other_citizen, booking.pk)
    booking.refresh_from_db()
    assert booking.status == "booked" and booking.slot_id == a.pk


def test_repeated_no_shows_ban_booking_for_30_days(halls, citizen, application):
    no_shows(citizen, halls["crj_city"], 2)
    assert services.banned_until(citizen) is None
    no_shows(citizen, halls["crj_city"], 1, days_ago=3)
    until = services.banned_until(citizen)
    assert until and timedelta(days=26) < until - timezone.now() < timedelta(days=28)
    with pytest.raises(services.Refused) as exc:
        services.book(citizen, slots(halls["crj_city"])[0].pk, application_id=application.pk)
    assert exc.value.code == "no_show_ban" and Booking.objects.filter(status="booked").count() == 0


def test_old_no_shows_do_not_count(halls, citizen):
    no_shows(citizen, halls["crj_city"], 3, days_ago=200)
    assert services.banned_until(citizen) is None
    Booking.objects.all().delete()
    no_shows(citizen, halls["crj_city"], 3, days_ago=40)  # in the window, ban already over
    assert services.banned_until(citizen) is None
