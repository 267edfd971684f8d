"""Submitted vehicle-registration applications and released numbers, as the intranet sends
them (sealed with its key, through the inbox)."""

import json
from datetime import UTC, datetime

import pytest

from policeonline.accounts.citizens.models import User
from policeonline.applications.models import Application
from policeonline.applications.receipts import new_receipt_no
from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import seal
from policeonline.exchange.inbox import process
from tests.conftest import make_id_number

PASSWORD = "Jinan#2026road"
POOL = "P20261127-TEST"


def make_citizen(n: int, password=None) -> User:
    user = User.objects.create_citizen(name=f"市民{n}", id_number=make_id_number(f"37010219900101{n:03d}"),
                                       phone=f"139{n:08d}", password=password)
    User.objects.filter(pk=user.pk).update(verification=User.Verification.VERIFIED)
    user.refresh_from_db()
    return user


def submitted(owner, item_code="JDC-001", **data) -> Application:
    """A submitted application as the portal holds it after submission (the submission itself
    is tested with the applications)."""
    data = data or {"vehicle_kind": "small", "plate_selection": "online"}
    return Application.objects.create(
        owner=owner, item_code=item_code, status=Application.Status.SENT, state="sent",
        workflow="visit", round=1, receipt_no=new_receipt_no(2026),
        data_json=json.dumps(data), submitted_at=datetime.now(UTC))


class Intranet:
    """Plays the intranet's plate stream."""

    def __init__(self, keyring):
        self.keyring, self.seq = keyring, 0

    def send(self, type_name, body):
        self.seq += 1
        _, data = seal(types.get(type_name, 1, "intranet"), body, keyring=self.keyring,
                       seq=self.seq, stream="plates")
        return process(default_endpoint(), data, "test")

    def release(self, numbers, plate_type="02", pool=POOL, prefix="鲁A"):
        return self.send("plates.released", {
            "pool": pool, "prefix": prefix, "plate_type": plate_type, "part": 1, "parts": 1,
            "numbers": numbers, "released_at": "2026-11-27T08:00:00Z"})

    def withdraw(self, numbers, pool=POOL):
        return self.send("plates.withdrawn", {"pool": pool, "part": 1, "parts": 1,
                                              "numbers": numbers, "withdrawn_at": "2026-11-27T09:00:00Z"})


@pytest.fixture
def intranet(exchange_keys, db):
    return Intranet(exchange_keys["intranet"])


@pytest.fixture
def citizen(db):
    return make_citizen(1, PASSWORD)


@pytest.fixture
def other(db):
    return make_citizen(2, PASSWORD)
