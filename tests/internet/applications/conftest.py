from datetime import UTC, datetime

import pytest

from policeonline.accounts.citizens.models import User
from policeonline.applications.models import Application
from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import seal
from policeonline.exchange.inbox import process

PASSWORD = "Jinan#2026road"


def make_user(kind="citizen", verified=True, password=PASSWORD, **identity):
    if kind == "company":
        user = User.objects.create_company(password=password, **identity)
    else:
        user = User.objects.create_citizen(password=password, **identity)
    if verified:
        User.objects.filter(pk=user.pk).update(verification=User.Verification.VERIFIED)
        user.refresh_from_db()
    return user


@pytest.fixture
def citizen(db):
    return make_user(name="张三", id_number="37010219900307106X", phone="13800000001")


@pytest.fixture
def other_citizen(db):
    return make_user(name="李四", id_number="370102198506150021", phone="13800000002")


@pytest.fixture
def company(db):
    return make_user("company", company_name="济南示范科技有限公司", credit_code="91370100MA3C00000E",
                     name="王五", id_number="370120197001010013", phone="13800000003")


class Intranet:
    """Plays the intranet: case updates sealed with its key, delivered to this zone."""

    def __init__(self, keyring):
        self.keyring, self.seq, self.case_seq = keyring, 0, {}

    def update(self, app: Application, action: str, state: str, **extra):
        self.seq += 1
        case_seq = self.case_seq.get(app.pk, 0) + 1
        self.case_seq[app.pk] = case_seq
        body = {"application_id": str(app.pk), "receipt_no": app.receipt_no, "seq": case_seq,
                "action": action, "state": state, "workflow": app.workflow,
                "at": datetime.now(UTC).isoformat().replace("+00:00", "Z"), **extra}
        _, data = seal(types.get("case.updated", 1, "intranet"), body, keyring=self.keyring, seq=self.seq)
        return process(default_endpoint(), data, "test")

    def send(self, type_name, body):
        self.seq += 1
        _, data = seal(types.get(type_name, 1, "intranet"), body, keyring=self.keyring, seq=self.seq)
        return process(default_endpoint(), data, "test")


@pytest.fixture
def intranet(exchange_keys, db):
    return Intranet(exchange_keys["intranet"])


def outbox_bodies(exchange_keys, type_name):
    """What this zone queued for the intranet, opened as the intranet opens it."""
    from policeonline.exchange.envelope import decode_body, open_envelope
    from policeonline.exchange.models import OutboxEntry

    bodies = []
    for entry in OutboxEntry.objects.filter(type=type_name).order_by("id"):
        envelope = open_envelope(bytes(entry.data), zone="intranet", keyring=exchange_keys["intranet"],
                                 max_bytes=16 * 1024 * 1024)
        bodies.append(decode_body(envelope))
    return bodies
