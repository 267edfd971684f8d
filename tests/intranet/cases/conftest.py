"""Playing the internet zone on the intranet: submissions sealed with the internet's key and
fed to the inbox exactly as the ferry delivers them."""

import base64
import hashlib
import json
import uuid
from datetime import UTC, datetime
from itertools import count

import pytest

from policeonline.catalog.models import Item
from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import seal
from policeonline.exchange.inbox import process
from policeonline.formspec import form_for

from ..conftest import make_officer

APPLICANT = {"kind": "citizen", "name": "赵六", "id_number": "110101198808081231",
             "phone": "13900000009"}


class Portal:
    """Sends what the portal would send, in one ordered stream."""

    def __init__(self, keyring):
        self.keyring, self.seqs = keyring, {}

    def send(self, type_name, body):
        message_type = types.get(type_name, 1, "internet")
        stream = message_type.stream_for(body["application_id"])  # as the portal shards them
        seq = next(self.seqs.setdefault(stream, count(1)))
        _, data = seal(message_type, body, keyring=self.keyring, seq=seq, stream=stream)
        return process(default_endpoint(), data, "test")

    def file(self, app_id, round_no, slot, content=b"%PDF-1.4 test", content_type="application/pdf"):
        ref = {"slot": slot, "sha256": hashlib.sha256(content).hexdigest(), "filename": f"{slot}.pdf",
               "content_type": content_type, "size": len(content)}
        self.send("application.attachment", {"application_id": app_id, "round": round_no,
                                              "attachment": ref,
                                              "content_b64": base64.b64encode(content).decode()})
        return ref

    def submit(self, item_code, data=None, applicant=None, files=None, app_id=None):
        app_id = app_id or str(uuid.uuid4())
        item = Item.objects.get(code=item_code)
        applicant = applicant or APPLICANT
        data = data if data is not None else form_for(item).example(applicant)
        refs = [self.file(app_id, 1, slot) for slot in (files or [])]
        tally = self.send("application.submitted", {
            "application_id": app_id, "receipt_no": receipt_for(app_id), "round": 1,
            "item_code": item_code, "account_ref": "account:7", "applicant": applicant,
            "data_json": json.dumps(data, ensure_ascii=False), "attachments": refs,
            "submitted_at": datetime.now(UTC).isoformat().replace("+00:00", "Z")})
        return app_id, tally

    def act(self, app_id, action, **extra):
        body = {"application_id": app_id, "receipt_no": receipt_for(app_id), "action": action,
                "at": datetime.now(UTC).isoformat().replace("+00:00", "Z"), **extra}
        return self.send("application.action", body)


def receipt_for(app_id: str) -> str:
    from policeonline.applications.receipts import ALPHABET

    digest = hashlib.sha256(app_id.encode()).digest()
    chars = "".join(ALPHABET[b % 32] for b in digest[:12])
    return f"JN-2026-{chars[:4]}-{chars[4:8]}-{chars[8:12]}"


@pytest.fixture
def portal(exchange_keys, db):
    return Portal(exchange_keys["internet"])


@pytest.fixture
def officers(db):
    """A population-department team, an exit-entry clerk, and a public-order team."""
    return {
        "clerk": make_officer("200001", "population", ["clerk"]),
        "clerk2": make_officer("200002", "population", ["clerk"]),
        "approver": make_officer("200003", "population", ["approver"]),
        "supervisor": make_officer("200004", "population", ["supervisor"]),
        "other": make_officer("200005", "exit_entry", ["clerk", "approver", "supervisor"]),
        "za_clerk": make_officer("200006", "public_order", ["clerk"]),
        "za_approver": make_officer("200007", "public_order", ["approver"]),
    }
