"""Notices from the back office (inside the inbox's transaction: applied with the envelope's
inbox row or not at all). Duplicates change nothing; a withdrawal is final."""

import base64
import hashlib
from datetime import datetime

from django.core.files.base import ContentFile

from policeonline.audit.log import record
from policeonline.exchange.types import handles

from . import latest
from .models import PublicAttachment, PublicNotice


class Unprocessable(Exception):
    """Genuine envelope, content that cannot be applied: the inbox quarantines it."""


def _moment(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


@handles("notice.attachment", from_zone="intranet")
def on_attachment(body, envelope):
    ref = body["attachment"]
    content = base64.b64decode(body["content_b64"], validate=True)
    if len(content) != ref["size"] or hashlib.sha256(content).hexdigest() != ref["sha256"]:
        raise Unprocessable("notice attachment does not match its declared size and digest")
    if PublicAttachment.objects.filter(notice_id=body["notice_id"], index=ref["index"]).exists():
        return
    attachment = PublicAttachment(notice_id=body["notice_id"], index=ref["index"],
                                  filename=ref["filename"], content_type=ref["content_type"],
                                  size=ref["size"], sha256=ref["sha256"])
    attachment.file.save(ref["sha256"], ContentFile(content), save=False)
    attachment.save()


@handles("notice.published", from_zone="intranet")
def on_published(body, envelope):
    notice_id = body["notice_id"]
    if PublicNotice.objects.filter(pk=notice_id).exists():
        return  # already here (or already withdrawn: it stays withdrawn)
    for ref in body["attachments"]:
        if not PublicAttachment.objects.filter(notice_id=notice_id, index=ref["index"],
                                               sha256=ref["sha256"]).exists():
            raise Unprocessable(f"attachment {ref['index']} of notice {notice_id} has not arrived")
    category = body["category"]
    PublicNotice.objects.create(
        id=notice_id, title=body["title"], category=category["code"], category_name=category["name"],
        category_name_en=category["name_en"], body=body["body"], department=body.get("department", ""),
        published_at=_moment(body["published_at"]))
    latest.changed()
    record("exchange", "notice.published", notice_id, attachments=len(body["attachments"]))


@handles("notice.withdrawn", from_zone="intranet")
def on_withdrawn(body, envelope):
    updated = PublicNotice.objects.filter(pk=body["notice_id"], withdrawn_at__isnull=True) \
        .update(withdrawn_at=_moment(body["at"]))
    latest.changed()
    record("exchange", "notice.withdrawn", body["notice_id"], applied=bool(updated))
