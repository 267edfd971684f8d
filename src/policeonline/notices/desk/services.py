"""The one write path of notices: each step checks who acts and what state the notice is in,
changes it under a row lock, writes the audit log, and — when it publishes or withdraws —
queues the envelopes for the portal in the same transaction (ADR 0025)."""

import base64
import hashlib
import os
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.audit.log import record
from policeonline.exchange.outbox import enqueue, enqueue_all
from policeonline.formspec.uploads import UploadRefused, check_content
from policeonline.messages.applications import MAX_FILE_BYTES
from policeonline.messages.notices import MAX_ATTACHMENTS

from ..categories import NAMES
from . import rules
from .models import BODY_MAX, TITLE_MAX, Notice, NoticeAttachment, NoticeEvent

ACCEPT = ("pdf", "jpeg", "png")
MAX_SCHEDULE_AHEAD = timedelta(days=365)
Status = Notice.Status


class Refused(Exception):
    """The step is not allowed or the input is not acceptable; ``message`` is localised."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def NOT_YOURS_TO_APPROVE() -> str:  # noqa: N802 - a message, named as one
    return _("Another approver or supervisor of the department must review this notice; "
             "nobody approves their own.")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def clean_text(title: str, category: str, body: str) -> tuple[str, str, str]:
    """Title and text as stored: trimmed, line ends normalised; Refused when not acceptable."""
    title = " ".join((title or "").split())
    body = "\n".join(line.rstrip() for line in (body or "").replace("\r\n", "\n").replace("\r", "\n")
                     .split("\n")).strip()
    if not title:
        raise Refused(_("Give the notice a title."))
    if len(title) > TITLE_MAX:
        raise Refused(_("The title is too long: at most %(n)d characters.") % {"n": TITLE_MAX})
    if category not in NAMES:
        raise Refused(_("Choose one of the categories."))
    if not body:
        raise Refused(_("Write the text of the notice."))
    if len(body) > BODY_MAX:
        raise Refused(_("The text is too long: at most %(n)d characters.") % {"n": BODY_MAX})
    return title, category, body


def _log(notice: Notice, actor: str, action: str, note: str = "", **detail) -> None:
    """One step on the notice's history and in the audit log (same transaction)."""
    NoticeEvent.objects.create(notice=notice, actor=actor[:100], action=action, note=note[:500])
    record(actor, f"notice.{action}", str(notice.pk), **({"note": note} if note else {}), **detail)


def _locked(notice_id, officer, allowed=rules.can_see) -> Notice:
    notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
    if notice is None or not allowed(officer, notice):
        raise Refused(_("This notice does not exist or is not yours to handle."))
    return notice


def _require(notice: Notice, *states: str) -> None:
    if notice.status not in states:
        raise Refused(_("This notice is now “%(status)s”; that step is not possible any more.")
                      % {"status": notice.get_status_display()})


@transaction.atomic
def create_draft(officer, *, title: str, category: str, body: str) -> Notice:
    if not rules.can_write(officer):
        raise Refused(_("Only officers of a department may write notices."))
    title, category, body = clean_text(title, category, body)
    notice = Notice.objects.create(title=title, category=category, body=body, author=officer,
                                   department=officer.department)
    _log(notice, officer.username, "drafted", category=category)
    return notice


@transaction.atomic
def update_draft(notice_id, officer, *, title: str, category: str, body: str) -> Notice:
    notice = _locked(notice_id, officer)
    _require(notice, Status.DRAFT)
    notice.title, notice.category, notice.body = clean_text(title, category, body)
    notice.save(update_fields=["title", "category", "body", "updated_at"])
    _log(notice, officer.username, "edited")
    return notice


def add_attachment(notice_id, officer, filename: str, content: bytes) -> NoticeAttachment:
    filename = os.path.basename((filename or "").replace("\\", "/")).strip()[:120]
    try:
        content_type = check_content(filename, content, ACCEPT, MAX_FILE_BYTES)
    except UploadRefused as refused:
        raise Refused(refused.message) from None
    with transaction.atomic():
        notice = _locked(notice_id, officer)
        _require(notice, Status.DRAFT)
        if notice.attachments.count() >= MAX_ATTACHMENTS:
            raise Refused(_("A notice can have at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS})
        digest = hashlib.sha256(content).hexdigest()
        attachment = NoticeAttachment(notice=notice, filename=filename, content_type=content_type,
                                      size=len(content), sha256=digest)
        attachment.file.save(digest, ContentFile(content), save=False)
        attachment.save()
        _log(notice, officer.username, "attachment_added", filename, size=len(content), sha256=digest)
    return attachment


@transaction.atomic
def remove_attachment(notice_id, officer, attachment_id: int) -> None:
    notice = _locked(notice_id, officer)
    _require(notice, Status.DRAFT)
    attachment = notice.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Refused(_("This attachment does not exist."))
    attachment.delete()
    _log(notice, officer.username, "attachment_removed", attachment.filename)


@transaction.atomic
def submit(notice_id, officer) -> Notice:
    notice = _locked(notice_id, officer)
    _require(notice, Status.DRAFT)
    notice.status, notice.return_reason = Status.SUBMITTED, ""
    notice.save(update_fields=["status", "return_reason", "updated_at"])
    _log(notice, officer.username, "submitted")
    return notice


@transaction.atomic
def send_back(notice_id, officer, reason: str) -> Notice:
    reason = " ".join((reason or "").split())
    if not reason:
        raise Refused(_("Say what should be changed before sending the notice back."))
    if len(reason) > 500:
        raise Refused(_("The reason is too long: at most %(n)d characters.") % {"n": 500})
    notice = _locked(notice_id, officer)
    if not rules.can_approve(officer, notice):
        raise Refused(NOT_YOURS_TO_APPROVE())
    _require(notice, Status.SUBMITTED)
    notice.status, notice.return_reason = Status.DRAFT, reason
    notice.save(update_fields=["status", "return_reason", "updated_at"])
    _log(notice, officer.username, "sent_back", reason)
    return notice


@transaction.atomic
def approve(notice_id, officer, publish_at: datetime | None = None, *, now=None) -> Notice:
    """Approve a submitted notice: published now, or at ``publish_at`` by the periodic job."""
    now = now or timezone.now()
    if publish_at is not None:
        if publish_at <= now:
            raise Refused(_("The scheduled time has already passed. Choose a time in the future, "
                            "or publish now."))
        if publish_at > now + MAX_SCHEDULE_AHEAD:
            raise Refused(_("A notice can be scheduled at most a year ahead."))
    notice = _locked(notice_id, officer)
    if not rules.can_approve(officer, notice):
        raise Refused(NOT_YOURS_TO_APPROVE())
    _require(notice, Status.SUBMITTED)
    notice.approver = officer
    _log(notice, officer.username, "approved", _stamp(publish_at) if publish_at else "")
    if publish_at is None:
        _publish(notice, now)
    else:
        notice.status, notice.publish_at = Status.SCHEDULED, publish_at
        notice.save(update_fields=["status", "approver", "publish_at", "updated_at"])
    return notice


def _publish(notice: Notice, now: datetime) -> None:
    """Queue the files, then the notice, on the notices stream (inside the caller's transaction)."""
    messages, refs = [], []
    for index, attachment in enumerate(notice.attachments.all(), start=1):
        ref = {"index": index, "sha256": attachment.sha256, "filename": attachment.filename,
               "content_type": attachment.content_type, "size": attachment.size}
        with attachment.file.open("rb") as handle:
            content_b64 = base64.b64encode(handle.read()).decode()
        messages.append(("notice.attachment", {"notice_id": str(notice.pk), "attachment": ref,
                                               "content_b64": content_b64}))
        refs.append(ref)
    name, name_en = NAMES[notice.category]
    messages.append(("notice.published", {
        "notice_id": str(notice.pk), "title": notice.title,
        "category": {"code": notice.category, "name": name, "name_en": name_en},
        "body": notice.body, "department": notice.department.name[:60],
        "published_at": _stamp(now), "attachments": refs}))
    enqueue_all(messages, correlation_id=str(notice.pk))
    notice.status, notice.published_at = Status.PUBLISHED, now
    notice.save(update_fields=["status", "approver", "published_at", "updated_at"])
    _log(notice, "notices", "published", attachments=len(refs))


@transaction.atomic
def withdraw(notice_id, officer, *, now=None) -> Notice:
    now = now or timezone.now()
    notice = _locked(notice_id, officer)
    if not rules.can_withdraw(officer, notice):
        raise Refused(_("Only an approver or supervisor of the department may withdraw a notice."))
    _require(notice, Status.PUBLISHED, Status.SCHEDULED)
    if notice.status == Status.PUBLISHED:  # a scheduled one never reached the portal
        enqueue("notice.withdrawn", {"notice_id": str(notice.pk), "at": _stamp(now)},
                correlation_id=str(notice.pk))
    notice.status, notice.withdrawn_at = Status.WITHDRAWN, now
    notice.save(update_fields=["status", "withdrawn_at", "updated_at"])
    _log(notice, officer.username, "withdrawn")
    return notice


def publish_due(now=None) -> list[Notice]:
    """Publish every approved notice whose scheduled time has come (the periodic job)."""
    now = now or timezone.now()
    published = []
    for notice_id in Notice.objects.filter(status=Status.SCHEDULED, publish_at__lte=now) \
            .values_list("pk", flat=True)[:200]:
        with transaction.atomic():
            notice = Notice.objects.select_for_update().filter(
                pk=notice_id, status=Status.SCHEDULED, publish_at__lte=now).first()
            if notice is not None:  # another runner may have taken it
                _publish(notice, now)
                published.append(notice)
    return published
