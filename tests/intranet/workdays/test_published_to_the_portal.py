"""Calendar changes cross to the portal (ADR 0029): each override or schedule change sends the
entered days, numbered by the calendar's revision, in the same transaction."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from policeonline.exchange.envelope import decode_body, open_envelope
from policeonline.exchange.models import OutboxEntry
from policeonline.workdays import services
from policeonline.workdays.models import CalendarRevision

pytestmark = pytest.mark.django_db


def published(exchange_keys):
    return [decode_body(open_envelope(bytes(e.data), zone="internet", keyring=exchange_keys["internet"],
                                      max_bytes=1 << 20))
            for e in OutboxEntry.objects.filter(type="calendar.published").order_by("id")]


def next_weekday(start: date) -> date:
    d = start + timedelta(days=1)
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def test_an_override_is_published_with_the_revision(exchange_keys):
    day = next_weekday(timezone.localdate() + timedelta(days=3))
    services.add_override("admin1", day, "holiday", "台风停止办公")
    body = published(exchange_keys)[-1]
    assert body["revision"] == CalendarRevision.current()
    assert {"date": day.isoformat(), "working": False, "name": "台风停止办公"} in body["days"]
    services.remove_override("admin1", day)
    last = published(exchange_keys)[-1]
    assert last["revision"] > body["revision"] and day.isoformat() not in {d["date"] for d in last["days"]}


def test_a_refused_override_publishes_nothing(exchange_keys):
    day = next_weekday(timezone.localdate() + timedelta(days=3))
    with pytest.raises(services.CalendarError):
        services.add_override("admin1", day, "workday", "本来就是工作日")
    assert published(exchange_keys) == []
