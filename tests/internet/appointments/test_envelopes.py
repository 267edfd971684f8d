"""The hall's answers arrive as envelopes and update the citizen's booking, once."""

from datetime import timedelta

from django.utils import timezone

from policeonline.appointments.booking import services
from policeonline.appointments.booking.models import Booking
from policeonline.notifications.models import Message

from .conftest import Intranet, slots


def visit(intranet: Intranet, booking: Booking, outcome: str):
    return intranet.send("appointment.visit", {
        "booking_id": str(booking.pk), "reference": booking.reference, "outcome": outcome,
        "at": timezone.now().isoformat().replace("+00:00", "Z")})


def test_the_booking_envelope_is_on_the_applications_stream(halls, citizen, application):
    from policeonline.exchange.models import OutboxEntry
    from policeonline.exchange.types import get

    services.book(citizen, slots(halls["crj_city"])[0].pk, application_id=application.pk)
    entry = OutboxEntry.objects.get(type="appointment.booking")
    assert entry.stream.name == get("application.submitted", 1, "internet").stream_for(str(application.pk))


def test_no_show_comes_back_counts_and_tells_the_citizen(halls, citizen, application, exchange_keys):
    intranet = Intranet(exchange_keys["intranet"])
    booking = services.book(citizen, slots(halls["crj_city"])[0].pk, application_id=application.pk)
    assert visit(intranet, booking, "no_show").applied == 1
    booking.refresh_from_db()
    assert booking.status == "no_show" and booking.closed_at is not None
    assert Message.objects.filter(recipient=citizen, title="您未按预约到场").count() == 1
    visit(intranet, booking, "arrived")  # the hall records once: a second report changes nothing
    booking.refresh_from_db()
    assert booking.status == "no_show"


def test_arrival_comes_back(halls, citizen, application, exchange_keys):
    intranet = Intranet(exchange_keys["intranet"])
    booking = services.book(citizen, slots(halls["crj_city"])[0].pk, application_id=application.pk)
    visit(intranet, booking, "arrived")
    booking.refresh_from_db()
    assert booking.status == "arrived" and not Message.objects.filter(recipient=citizen).exists()


def test_three_no_shows_reported_by_the_hall_ban_booking(halls, citizen, exchange_keys):
    intranet = Intranet(exchange_keys["intranet"])
    for item in ("CRJ-001", "CRJ-002", "CRJ-003"):
        booking = services.book(citizen, slots(halls["crj_city"])[0].pk, item_code=item)
        visit(intranet, booking, "no_show")
    until = services.banned_until(citizen)
    assert until and until - timezone.now() > timedelta(days=29)


def test_an_unknown_booking_is_quarantined(halls, citizen, exchange_keys):
    intranet = Intranet(exchange_keys["intranet"])
    fake = Booking(reference="YY-0000-0000")
    tally = visit(intranet, fake, "arrived")
    assert tally.quarantined == 1


def test_a_withdrawn_application_gives_its_seat_back(halls, citizen, application, exchange_keys):
    intranet = Intranet(exchange_keys["intranet"])
    booking = services.book(citizen, slots(halls["crj_city"])[0].pk, application_id=application.pk)
    intranet.update(application, "withdraw", "withdrawn", outcome="withdrawn")
    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.slot.booked == 0
    from .conftest import outbox_bodies

    last = outbox_bodies(exchange_keys, "appointment.booking")[-1]
    assert last["action"] == "cancelled" and last["revision"] == 2


def test_a_granted_application_keeps_its_booking_history(halls, citizen, application, exchange_keys):
    intranet = Intranet(exchange_keys["intranet"])
    booking = services.book(citizen, slots(halls["crj_city"])[0].pk, application_id=application.pk)
    intranet.update(application, "record_visit", "approving")
    booking.refresh_from_db()
    assert booking.status == "booked"
