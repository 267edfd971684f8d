"""Letters as the portal sends them (sealed with the internet zone's key, on the letters
stream), and officers of two departments."""

import base64
import uuid
from datetime import UTC, datetime
from itertools import count

import pytest

from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import decode_body, open_envelope, seal
from policeonline.exchange.inbox import process
from policeonline.exchange.models import OutboxEntry
from policeonline.letters.tracking import new_tracking_no

from ..conftest import make_officer, sign_in  # noqa: F401

PDF = b"%PDF-1.4 a letter's attachment"


class Portal:
    def __init__(self, keyring):
        self.keyring, self.seq = keyring, count(1)

    def send(self, type_name, body):
        _, data = seal(types.get(type_name, 1, "internet"), body, keyring=self.keyring,
                       seq=next(self.seq), stream="letters")
        return process(default_endpoint(), data, "test")

    def letter(self, kind="consultation", topic="CRJ-001", consent=True, **extra) -> str:
        letter_id = str(uuid.uuid4())
        self.send("letter.submitted", {
            "letter_id": letter_id, "tracking_no": new_tracking_no(2026), "kind": kind,
            "topic": topic, "subject": "护照办理需要多久",
            "text": "请问首次申领普通护照需要几个工作日？我叫赵六。",
            "anonymous": False, "writer_name": "赵六" if kind != "consultation" else "",
            "contact_phone": "13900000009" if kind != "consultation" else "",
            "publish_consent": consent,
            "attachments": [{"filename": "scan.pdf", "content_type": "application/pdf",
                             "content_b64": base64.b64encode(PDF).decode()}],
            "submitted_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"), **extra})
        return letter_id


@pytest.fixture
def portal(exchange_keys, db):
    return Portal(exchange_keys["internet"])


@pytest.fixture
def officers(db):
    return {
        "clerk": make_officer("210001", "exit_entry", ["clerk"]),
        "clerk2": make_officer("210002", "exit_entry", ["clerk"]),
        "supervisor": make_officer("210003", "exit_entry", ["supervisor", "approver"]),
        "other": make_officer("210004", "population", ["clerk", "supervisor"]),
    }


def sent(exchange_keys, type_name) -> list[dict]:
    """What the back office queued for the portal, opened as the portal opens it."""
    return [decode_body(open_envelope(bytes(e.data), zone="internet", keyring=exchange_keys["internet"],
                                      max_bytes=16 * 1024 * 1024))
            for e in OutboxEntry.objects.filter(type=type_name).order_by("id")]
