"""Every citizen action on an application, for the portal and the API alike. Each is one
transaction with the application row locked; what must reach the intranet is enqueued in it."""

import base64
import hashlib
import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.audit.log import record
from policeonline.catalog.models import Item
from policeonline.core import rows
from policeonline.exchange.outbox import enqueue, enqueue_all
from policeonline.formspec import UploadRefused, form_for
from policeonline.workflow.routing import workflow_of

from .models import Application, Attachment, Event
from .receipts import new_receipt_no

MAX_OPEN_DRAFTS = 20


class Refused(Exception):
    """The action is not possible; ``errors`` maps fields to localised messages."""

    def __init__(self, message: str, errors: dict | None = None):
        super().__init__(message)
        self.message, self.errors = message, errors or {}


def identity_of(user) -> dict:
    return {"name": user.name, "id_number": user.id_number, "phone": user.phone,
            "company_name": user.company_name, "credit_code": user.credit_code}


def eligibility(user, item: Item) -> str | None:
    """Why this account cannot apply for this item, or None."""
    if not user.is_authenticated:
        return _("Sign in to apply.")
    if item.applicant == Item.Applicant.COMPANY and user.kind != "company":
        return _("This service is for companies and organisations; sign in with a company account.")
    if item.applicant == Item.Applicant.CITIZEN and user.kind != "citizen":
        return _("This service is for individuals; sign in with your personal account.")
    if not user.is_verified:
        return _("Complete real-name verification before applying online.")
    return None


def start(user, item: Item) -> Application:
    reason = eligibility(user, item)
    if reason:
        raise Refused(reason)
    if Application.objects.filter(owner=user, status=Application.Status.DRAFT).count() >= MAX_OPEN_DRAFTS:
        raise Refused(_("You have too many unfinished drafts; submit or delete some first."))
    form = form_for(item)
    app = Application.objects.create(owner=user, item_code=item.code,
                                     data_json=json.dumps(form.prefill(identity_of(user)),
                                                          ensure_ascii=False))
    record(user.account_ref, "application.started", str(app.id), item=item.code)
    return app


def _locked(app_id, user) -> Application:
    """The account's application, its row locked until the transaction ends (one plain
    statement: every action starts here)."""
    found = rows.select(Application, "id = %s AND owner_id = %s",
                        [rows.prep(Application, "id", app_id), user.pk], for_update=True)
    if not found:
        raise Application.DoesNotExist
    app = found[0]
    app.owner = user
    return app


def _files_of(app: Application) -> list[Attachment]:
    """The application's files in the model's order (slot, newest first), one plain statement."""
    return rows.select(Attachment, "application_id = %s", [rows.prep(Attachment, "application", app.pk)],
                       order_by="slot, uploaded_at DESC")


def _readonly_values(form, user) -> dict:
    """Prefilled read-only fields always carry the verified identity, whatever is posted."""
    identity = identity_of(user)
    return {f.name: identity[f.prefill] for f in form.fields
            if f.readonly and f.prefill and identity.get(f.prefill)}


def save_draft(app_id, user, data: dict) -> tuple[Application, dict]:
    """Keep what was typed (auto-save): types and lengths are checked, nothing is required."""
    with transaction.atomic():
        app = _locked(app_id, user)
        if not app.editable:
            raise Refused(_("This application can no longer be changed."))
        form = form_for(app.item)
        merged = {**app.data, **data, **_readonly_values(form, user)}
        cleaned, errors = form.validate(merged, for_submit=False)
        if not errors:
            app.data_json = json.dumps(cleaned, ensure_ascii=False)
            app.save(update_fields=["data_json", "updated_at"])
        return app, errors


def attach(app_id, user, slot: str, filename: str, content: bytes) -> Attachment:
    with transaction.atomic():
        app = _locked(app_id, user)
        if not app.editable:
            raise Refused(_("This application can no longer be changed."))
        form = form_for(app.item)
        try:
            content_type = form.check_upload(slot, filename, content)
        except UploadRefused as exc:
            raise Refused(str(exc), {f"upload-{slot}": [str(exc)]}) from None
        round_no = app.round + 1
        old = Attachment.objects.filter(application=app, round=round_no, slot=slot).first()
        if old:
            old.file.delete(save=False)
            old.delete()
        digest = hashlib.sha256(content).hexdigest()
        attachment = Attachment.objects.create(
            application=app, slot=slot, round=round_no, filename=_safe_name(filename),
            content_type=content_type, size=len(content), sha256=digest,
            file=ContentFile(content, name=digest))
        app.save(update_fields=["updated_at"])
        return attachment


def remove_attachment(app_id, user, slot: str) -> None:
    with transaction.atomic():
        app = _locked(app_id, user)
        if not app.editable:
            raise Refused(_("This application can no longer be changed."))
        for old in Attachment.objects.filter(application=app, round=app.round + 1, slot=slot):
            old.file.delete(save=False)
            old.delete()


def _safe_name(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip() or "file"
    return "".join(c for c in name if c.isprintable())[:120]


def current_files(app: Application, attachments=None) -> dict[str, Attachment]:
    """The file in force for each slot: the newest round's."""
    files: dict[str, Attachment] = {}
    for attachment in sorted(app.attachments.all() if attachments is None else attachments,
                             key=lambda a: a.round):
        files[attachment.slot] = attachment
    return files


def _check_complete(app: Application, form, attachments=None) -> dict:
    cleaned, errors = form.validate(app.data)
    present = set(current_files(app, attachments))
    for slot in form.missing_uploads(present, cleaned=cleaned):
        errors.setdefault(f"upload-{slot.name}", []).append(_("Upload this material."))
    if errors:
        raise Refused(_("Please correct the marked fields."), errors)
    return cleaned


def _file_messages(app: Application, round_no: int,
                   attachments=None) -> tuple[list[tuple[str, dict]], list[dict]]:
    """One ``application.attachment`` envelope per file of the round, and the references the
    submission carries to them."""
    messages, refs = [], []
    if attachments is None:
        attachments = app.attachments.all()
    for attachment in sorted((a for a in attachments if a.round == round_no), key=lambda a: a.slot):
        ref = {"slot": attachment.slot, "sha256": attachment.sha256, "filename": attachment.filename,
               "content_type": attachment.content_type, "size": attachment.size}
        with attachment.file.open("rb") as handle:
            content = handle.read()
        messages.append(("application.attachment", {
            "application_id": str(app.id), "round": round_no, "attachment": ref,
            "content_b64": base64.b64encode(content).decode()}))
        refs.append(ref)
    return messages, refs


def _nominate_guarantor(app: Application, user, cleaned: dict) -> None:
    """Items that need a guarantor (二代证异地办理): ask the one named, or refuse (guarantors)."""
    if "guarantor" in app.item.needs:
        from policeonline.guarantors.portal.services import nominate

        nominate(app, user, cleaned)


def submit(app_id, user) -> Application:
    with transaction.atomic():
        app = _locked(app_id, user)
        if app.status != Application.Status.DRAFT:
            raise Refused(_("This application has already been submitted."))
        item = app.item
        reason = eligibility(user, item)
        if reason:
            raise Refused(reason)
        form = form_for(item)
        attachments = _files_of(app)  # read once: checked, sent and answered
        cleaned = _check_complete(app, form, attachments)
        now = timezone.now()
        app.data_json = json.dumps(cleaned, ensure_ascii=False)
        app.receipt_no = new_receipt_no(timezone.localdate().year)
        app.round, app.status, app.state, app.submitted_at = 1, Application.Status.SENT, "sent", now
        app.workflow = workflow_of(item)
        # Plain statements, not querysets, on this hot path (ADR 0040): same values, same signals;
        # batched, the writes travel with the next statement (on PostgreSQL: the application,
        # its event and audit entry with the stream's counter, the envelopes with their audit
        # entries), one transaction as before.
        with rows.batched():
            rows.update(app, ["data_json", "receipt_no", "round", "status", "state", "submitted_at",
                              "workflow", "updated_at"])
            _nominate_guarantor(app, user, cleaned)
            # Everything else first: enqueueing takes the outgoing stream's row lock, held until
            # commit, so the envelopes go last to keep that lock short under concurrent submits.
            [event] = rows.insert([Event(application=app, action="submit", state="sent", at=now)])
            record(user.account_ref, "application.submitted", app.receipt_no, item=item.code)
            files, refs = _file_messages(app, 1, attachments)
            applicant = {"kind": user.kind, "name": user.name, "id_number": user.id_number,
                         "phone": user.phone}
            if user.kind == "company":
                applicant.update(company_name=user.company_name, credit_code=user.credit_code)
            # Files first, then the submission, on the application's stream: in order, one lock.
            enqueue_all([*files, ("application.submitted", {
                "application_id": str(app.id), "receipt_no": app.receipt_no, "round": 1,
                "item_code": item.code, "account_ref": user.account_ref, "applicant": applicant,
                "data_json": app.data_json, "attachments": refs,
                "submitted_at": now.isoformat().replace("+00:00", "Z")})],
                correlation_id=str(app.id), shard_key=str(app.id))
    # A draft has no timeline yet, so the submission's event is all of it; hand both lists to
    # whoever answers the citizen (as Django's prefetching would) instead of reading them again.
    app.keep_related(attachments=attachments, events=[event])
    return app


def withdraw(app_id, user, note: str = "") -> Application:
    with transaction.atomic():
        app = _locked(app_id, user)
        if app.status == Application.Status.DRAFT:
            for attachment in app.attachments.all():
                attachment.file.delete(save=False)
            app.delete()
            record(user.account_ref, "application.draft_deleted", str(app_id))
            return app
        if not app.withdrawable:
            raise Refused(_("This application can no longer be withdrawn."))
        now = timezone.now()
        app.pending_action = "withdraw"
        app.save(update_fields=["pending_action", "updated_at"])
        enqueue("application.action", {"application_id": str(app.id), "receipt_no": app.receipt_no,
                                       "action": "withdraw", "note": note[:500],
                                       "at": now.isoformat().replace("+00:00", "Z")},
                correlation_id=str(app.id), shard_key=str(app.id))
        Event.objects.create(application=app, action="withdraw_requested", state=app.state, at=now)
        record(user.account_ref, "application.withdraw_requested", app.receipt_no)
        return app


def resubmit(app_id, user) -> Application:
    """Send the corrections asked for (补正)."""
    with transaction.atomic():
        app = _locked(app_id, user)
        if not app.awaiting_supplement:
            raise Refused(_("No corrections have been requested for this application."))
        form = form_for(app.item)
        cleaned = _check_complete(app, form)
        round_no, now = app.round + 1, timezone.now()
        if not (set(app.supplement_slots) <= {a.slot for a in app.attachments.filter(round=round_no)}):
            missing = set(app.supplement_slots) - {a.slot for a in app.attachments.filter(round=round_no)}
            raise Refused(_("Please correct the marked fields."),
                          {f"upload-{s}": [_("Upload a corrected file.")] for s in sorted(missing)})
        app.data_json = json.dumps(cleaned, ensure_ascii=False)
        app.round, app.pending_action = round_no, "resubmit"
        app.save()
        _nominate_guarantor(app, user, cleaned)
        Event.objects.create(application=app, action="resubmit_sent", state=app.state, at=now)
        record(user.account_ref, "application.resubmitted", app.receipt_no, round=round_no)
        files, refs = _file_messages(app, round_no)
        enqueue_all([*files, ("application.action", {
            "application_id": str(app.id), "receipt_no": app.receipt_no, "action": "resubmit",
            "round": round_no, "data_json": app.data_json, "attachments": refs,
            "at": now.isoformat().replace("+00:00", "Z")})],
            correlation_id=str(app.id), shard_key=str(app.id))
        return app
