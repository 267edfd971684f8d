"""The intranet's calendar on the portal (ADR 0029): a holiday entered in the back office
arrives as calendar.published and makes that day unbookable — its slots are no longer offered,
and a booking of one is refused; a make-up working day becomes bookable; an older revision
arriving late changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from policeonline.appointments.booking import calendar, services
from policeonline.appointments.booking.models import PublishedDay
from policeonline.appointments.booking.slots import open_slots
from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import seal
from policeonline.exchange.inbox import process

from .conftest import slots

pytestmark = pytest.mark.django_db


class Intranet:
    """Plays the intranet's calendar stream."""

    def __init__(self, keyring):
        self.keyring, self.seq = keyring, 0

    def send(self, type_name, body):
        self.seq += 1
        _, data = seal(types.get(type_name, 1, "intranet"), body, keyring=self.keyring, seq=self.seq,
                       stream="calendar")
        return process(default_endpoint(), data, "test")


@pytest.fixture
def intranet(exchange_keys):
    return Intranet(exchange_keys["intranet"])


@pytest.fixture(autouse=True)
def fresh_copy():
    calendar.forget()
    yield
    calendar.forget()


def published(revision, *days):
    return {"revision": revision, "published_at": "2026-11-27T10:00:00Z",
            "days": [{"date": d.isoformat(), "working": working, "name": name} for d, working, name in days]}


def test_a_new_holiday_makes_the_day_unbookable(halls, citizen, application, intranet):
    hall = halls["crj_city"]
    slot = slots(hall)[0]
    day = timezone.localtime(slot.starts_at).date()
    assert intranet.send("calendar.published", published(3, (day, False, "台风停止办公"))).applied == 1
    assert calendar.day_info(day) == (False, False)
    assert all(timezone.localtime(s.starts_at).date() != day for s in open_slots(hall))
    with pytest.raises(services.Refused) as exc:
        services.book(citizen, slot.pk, application_id=application.pk)
    assert exc.value.code == "slot_closed"
    slot.refresh_from_db()
    assert slot.booked == 0
    # The holiday is withdrawn on the intranet (a newer revision without it): bookable again.
    intranet.send("calendar.published", published(4))
    assert services.book(citizen, slot.pk, application_id=application.pk).status == "booked"


def test_a_make_up_working_day_opens_and_an_older_revision_is_ignored(halls, intranet):
    today = timezone.localdate()
    sunday = today + timedelta(days=(6 - today.weekday()) % 7 or 7)
    intranet.send("calendar.published", published(7, (sunday, True, "调休上班")))
    assert calendar.day_info(sunday) == (True, False)
    intranet.send("calendar.published", published(6))  # late and older: nothing changes
    assert PublishedDay.objects.filter(date=sunday, working=True).exists()
    assert calendar.day_info(sunday) == (True, False)
