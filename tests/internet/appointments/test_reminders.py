"""Reminders the working day before, never twice for one booking."""

from datetime import date, datetime, timedelta

from django.core.management import call_command
from django.utils import timezone

from policeonline.appointments.booking import services
from policeonline.appointments.booking.models import Slot
from policeonline.appointments.booking.reminders import send_reminders
from policeonline.notifications.contrib.sms_simulator.models import SimulatedSms
from policeonline.notifications.models import Message

from .conftest import slots


def _at(day: date, hour=9):
    return datetime.combine(day, datetime.min.time().replace(hour=hour), timezone.get_current_timezone())


def test_reminded_the_working_day_before_and_only_once(halls, citizen, application,
                                                      django_capture_on_commit_callbacks):
    booking = services.book(citizen, slots(halls["crj_city"])[0].pk, application_id=application.pk)
    monday = date(2026, 12, 7)  # a slot of its own at 07:00, outside the generated hours
    Slot.objects.filter(pk=booking.slot_id).update(starts_at=_at(monday, 7),
                                                   ends_at=_at(monday, 7) + timedelta(minutes=30))
    assert send_reminders(date(2026, 12, 3)) == 0  # Thursday: too early
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(date(2026, 12, 4)) == 1  # Friday, the working day before Monday
    assert send_reminders(date(2026, 12, 4)) == 0
    call_command("appointments", "remind", "--today", "2026-12-04")
    assert Message.objects.filter(recipient=citizen, title="预约办理提醒").count() == 1
    assert SimulatedSms.objects.filter(phone="13800000001", text__contains=booking.reference).count() == 1


def test_a_rescheduled_booking_is_reminded_again_for_its_new_time(halls, citizen, application):
    a, b = slots(halls["crj_city"], 2)
    booking = services.book(citizen, a.pk, application_id=application.pk)
    day = timezone.localtime(a.starts_at).date()
    before = day - timedelta(days=1)
    assert send_reminders(before) == 1
    booking = services.reschedule(citizen, booking.pk, b.pk)
    assert booking.reminded_at is None


def test_cancelled_bookings_are_not_reminded(halls, citizen, application):
    a = slots(halls["crj_city"])[0]
    services.cancel(citizen, services.book(citizen, a.pk, application_id=application.pk).pk)
    assert send_reminders(timezone.localtime(a.starts_at).date() - timedelta(days=1)) == 0
