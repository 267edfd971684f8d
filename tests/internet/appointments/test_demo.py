from django.core.management import call_command

from policeonline.appointments.booking.models import Booking
from policeonline.exchange.models import OutboxEntry


def test_demo_bookings_are_seeded_once(db, capsys):
    call_command("seed_demo_appointments")
    assert Booking.objects.filter(status="booked").count() == 5
    assert OutboxEntry.objects.filter(type="appointment.booking").count() == 5
    call_command("seed_demo_appointments")
    assert Booking.objects.count() == 5
