"""Notices on the portal: the back office played by a test that seals what the desk sends
(with the intranet's key, on the notices stream) and feeds it to the portal's inbox."""

import base64
import hashlib
import io
import uuid
from datetime import UTC, datetime

import pytest
from PIL import Image

from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import seal
from policeonline.exchange.inbox import process


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "PNG")
    return out.getvalue()


def stamp(moment=None) -> str:
    return (moment or datetime.now(UTC)).isoformat().replace("+00:00", "Z")


TITLE = "关于春节期间户籍窗口开放时间的通知"
ANNOUNCEMENT = ("announcement", "通知公告", "Announcements")
BODY = "春节期间户籍窗口照常开放。\n\n具体时间见附件。"


class Desk:
    def __init__(self, keyring):
        self.keyring, self.seq = keyring, 0

    def send(self, type_name, body):
        self.seq += 1
        _, data = seal(types.get(type_name, 1, "intranet"), body, keyring=self.keyring,
                       seq=self.seq, stream="notices")
        return process(default_endpoint(), data, "test")

    def publish(self, title=TITLE, category=ANNOUNCEMENT, body=BODY,
                files=(), published_at=None, notice_id=None):
        notice_id = notice_id or str(uuid.uuid4())
        refs = []
        for index, (filename, content, content_type) in enumerate(files, start=1):
            ref = {"index": index, "sha256": hashlib.sha256(content).hexdigest(), "filename": filename,
                   "content_type": content_type, "size": len(content)}
            self.send("notice.attachment", {"notice_id": notice_id, "attachment": ref,
                                            "content_b64": base64.b64encode(content).decode()})
            refs.append(ref)
        code, name, name_en = category
        self.send("notice.published", {
            "notice_id": notice_id, "title": title, "body": body, "department": "户政管理",
            "category": {"code": code, "name": name, "name_en": name_en},
            "published_at": stamp(published_at), "attachments": refs})
        return notice_id

    def withdraw(self, notice_id):
        return self.send("notice.withdrawn", {"notice_id": notice_id, "at": stamp()})


@pytest.fixture
def desk(exchange_keys, db):
    return Desk(exchange_keys["intranet"])
