"""Many citizens booking the last seats of one slot at the same moment, on PostgreSQL (real
row locks, real concurrent transactions): never overbooked, every refusal is a clean one.

The server's connection limit is shared, so at most ``BOOKING_RACE_CONNECTIONS`` bookers talk to
the database at the same instant; all of them are released together and race for the same row.
"""

import os
import threading

import pytest
from django.db import connections

from policeonline.appointments.booking import services
from policeonline.appointments.booking.models import Booking, Slot
from policeonline.exchange.models import OutboxEntry
from tests.conftest import make_id_number, need_postgresql

from .conftest import make_user, slots

THREADS = int(os.environ.get("BOOKING_RACE_THREADS", "200"))
CONNECTIONS = int(os.environ.get("BOOKING_RACE_CONNECTIONS", "40"))


@pytest.mark.django_db(transaction=True)
def test_many_threads_booking_the_last_seats_never_overbook(catalog, halls):
    need_postgresql("the concurrent booking test")
    slot = slots(halls["crj_city"])[0]
    Slot.objects.filter(pk=slot.pk).update(booked=slot.capacity - 3)  # three seats left
    # Bookers never sign in here: no password, so 200 accounts do not cost 200 Argon2 hashes.
    users = [make_user(name=f"市民{i}", id_number=make_id_number(f"37010219900101{i:03d}"),
                       phone=f"139{i:08d}", password=None) for i in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    connection_slots = threading.BoundedSemaphore(CONNECTIONS)
    results: list = []

    def attempt(user):
        try:
            barrier.wait()
            with connection_slots:
                services.book(user, slot.pk, item_code="CRJ-001")
            results.append("booked")
        except services.Refused as exc:
            results.append(exc.code)
        except Exception as exc:  # noqa: BLE001  (anything else is a failure of the test)
            results.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(set(results)) == ["booked", "slot_full"], results
    assert results.count("booked") == 3
    slot.refresh_from_db()
    assert slot.booked == slot.capacity
    assert Booking.objects.filter(slot=slot, status="booked").count() == 3
    assert OutboxEntry.objects.filter(type="appointment.booking").count() == 3
