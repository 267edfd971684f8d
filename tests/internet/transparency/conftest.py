"""Plays the intranet's log: canonical entries for a few cases (one of them an application of
our citizen), heads signed with a test Ed25519 key, all sealed with the intranet's exchange
key on the log's ordered stream and fed to this zone's inbox."""

import base64
import uuid
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from policeonline.applications.models import Application
from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import seal
from policeonline.exchange.inbox import process
from policeonline.transparency import entries, heads, merkle

from ..applications.conftest import make_user

T0 = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
PASSWORD = "Jinan#2026road"


class Log:
    def __init__(self, keyring):
        self.keyring, self.seqs = keyring, count(1)
        self.key = Ed25519PrivateKey.generate()
        self.public = self.key.public_key().public_bytes(serialization.Encoding.Raw,
                                                         serialization.PublicFormat.Raw)
        self.texts, self.sent, self.links = [], 0, {}
        self.chains = {}  # tag -> (last leaf hex, last to-state, seq)

    def event(self, receipt, app_id, action, to_state, *, salt=None):
        salt = salt or self.links.get(receipt, (None, bytes.fromhex("ab" * 16)))[1]
        tag = entries.case_tag(receipt, salt)
        self.links[receipt] = (app_id, salt, tag)
        prev, state, seq = self.chains.get(tag, (entries.ZERO, "", 0))
        text = entries.entry(tag=tag, seq=seq + 1, action=action, from_state=state, to_state=to_state,
                             at=T0 + timedelta(minutes=len(self.texts)), prev=prev,
                             body=entries.body_hash(salt, {"note": action}))
        self.chains[tag] = (merkle.leaf_hash(text.encode()).hex(), to_state, seq + 1)
        self.texts.append(text)
        return text

    def send(self, type_name, body):
        _, data = seal(types.get(type_name, 1, "intranet"), body, keyring=self.keyring,
                       seq=next(self.seqs), stream="transparency")
        return process(default_endpoint(), data, "test")

    def ship_leaves(self, texts=None, first=None):
        texts = self.texts[self.sent:] if texts is None else texts
        first = self.sent if first is None else first
        cases = [{"tag": tag, "application_id": str(app_id), "salt": salt.hex()}
                 for app_id, salt, tag in self.links.values()]
        self.send("transparency.leaves", {"first": first, "entries": texts, "cases": cases})
        self.sent = max(self.sent, first + len(texts))

    def head(self, size=None, root=None, key=None):
        size = size or len(self.texts)
        root = root or merkle.root([merkle.leaf_hash(t.encode()) for t in self.texts[:size]]).hex()
        stamp = entries.timestamp(T0 + timedelta(hours=size))
        signature = (key or self.key).sign(heads.signed_bytes(size, root, stamp))
        return {"size": size, "root": root, "timestamp": stamp, "kid": "tlog-20261127-abcdef",
                "public_key": base64.b64encode(self.public).decode(),
                "signature": base64.b64encode(signature).decode()}

    def publish(self, **kwargs):
        if self.sent < len(self.texts):
            self.ship_leaves()
        body = self.head(**kwargs)
        self.send("transparency.sth", body)
        return body


@pytest.fixture
def log(exchange_keys, db):
    return Log(exchange_keys["intranet"])


@pytest.fixture
def applicant(db):
    return make_user(name="赵六", id_number="110101198808081231", phone="13900000009", password=PASSWORD)


@pytest.fixture
def application(applicant):
    return Application.objects.create(owner=applicant, item_code="HZ-001", workflow="standard",
                                      status=Application.Status.OPEN, receipt_no="JN-2026-7K3M-9QXD-2WT4",
                                      round=1, submitted_at=T0)


@pytest.fixture
def logged(log, application):
    """Seven entries: three other cases around our applicant's four events; head 7 published."""
    other = str(uuid.uuid4())
    log.event("JN-2026-AAAA-BBBB-CCCC", other, "receive", "submitted", salt=b"\x01" * 16)
    log.event(application.receipt_no, application.pk, "receive", "submitted")
    log.event(application.receipt_no, application.pk, "accept", "examining")
    log.event("JN-2026-AAAA-BBBB-CCCC", other, "accept", "examining")
    log.event(application.receipt_no, application.pk, "request_supplement", "supplement")
    log.event("JN-2026-DDDD-EEEE-FFFF", str(uuid.uuid4()), "receive", "submitted", salt=b"\x02" * 16)
    log.event(application.receipt_no, application.pk, "resubmit", "examining")
    log.publish()
    return log


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages read in English (the switch's cookie), so the assertions hold once translated."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
