"""Playing the portal on the intranet: bookings sealed with the internet zone's key and fed to
the inbox as the ferry delivers them."""

import uuid
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from django.utils import timezone

from policeonline.appointments.halls import load_halls
from policeonline.appointments.models import Hall
from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import seal
from policeonline.exchange.inbox import process

from ..cases.conftest import Portal, portal, receipt_for  # noqa: F401
from ..conftest import make_officer


def stamp(moment) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class Bookings:
    """The portal's appointment envelopes, one ordered stream per shard as the portal sends them."""

    def __init__(self, keyring, seqs):
        self.keyring, self.seqs = keyring, seqs  # shared with the Portal: the same streams

    def send(self, body, shard_key):
        message_type = types.get("appointment.booking", 1, "internet")
        stream = message_type.stream_for(shard_key)
        seq = next(self.seqs.setdefault(stream, count(1)))
        _, data = seal(message_type, body, keyring=self.keyring, seq=seq, stream=stream)
        return process(default_endpoint(), data, "test")

    def booking(self, *, hall="crj_city", starts_at=None, application_id=None, action="booked",
                revision=1, booking_id=None, reference="YY-AB12-CD34", item_code="CRJ-001"):
        starts_at = starts_at or timezone.now() + timedelta(hours=1)
        body = {"booking_id": booking_id or str(uuid.uuid4()), "reference": reference,
                "revision": revision, "action": action, "hall": hall, "item_code": item_code,
                "account_ref": "account:7", "name": "赵六", "id_masked": "110101********1231",
                "starts_at": stamp(starts_at), "ends_at": stamp(starts_at + timedelta(minutes=30)),
                "at": stamp(datetime.now(UTC))}
        if application_id:
            body.update(application_id=application_id, receipt_no=receipt_for(application_id))
        tally = self.send(body, application_id or body["booking_id"])
        return body, tally


@pytest.fixture
def halls(db):
    load_halls()
    return {h.code: h for h in Hall.objects.all()}


@pytest.fixture
def bookings(exchange_keys, halls, portal):  # noqa: F811
    return Bookings(exchange_keys["internet"], portal.seqs)


@pytest.fixture
def hall_officers(db):
    return {"crj": make_officer("300001", "exit_entry", ["clerk"]),
            "population": make_officer("300002", "population", ["clerk"]),
            "nobody": make_officer("300003", None, ["clerk"])}
