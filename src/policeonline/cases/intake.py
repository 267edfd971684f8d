"""Submissions arriving from the portal become cases (runs inside the inbox's transaction:
the case, its first event, the comparison, the audit row and the answer commit together)."""

import base64
import hashlib
import json
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction

from policeonline.audit.log import record
from policeonline.catalog.models import Item
from policeonline.core.masking import mask_id_number
from policeonline.core.protected import lookup_digest
from policeonline.exchange.types import handles
from policeonline.workflow.routing import workflow_of

from . import engine
from .comparison import run_checks
from .models import Attachment, Case


class Unprocessable(Exception):
    """The envelope was genuine but its content cannot be applied; the inbox quarantines it."""


@handles("application.attachment", from_zone="internet")
def on_attachment(body, envelope):
    ref = body["attachment"]
    content = base64.b64decode(body["content_b64"], validate=True)
    if len(content) != ref["size"] or hashlib.sha256(content).hexdigest() != ref["sha256"]:
        raise Unprocessable("attachment content does not match its declared size and digest")
    _, created = Attachment.objects.get_or_create(
        application_id=body["application_id"], round=body["round"], slot=ref["slot"],
        sha256=ref["sha256"], defaults={"filename": ref["filename"], "size": ref["size"],
                                        "content_type": ref["content_type"],
                                        "file": ContentFile(content, name=ref["sha256"])})


def _link_attachments(case: Case, application_id: str, round_no: int, refs: list[dict]) -> None:
    for ref in refs:
        updated = Attachment.objects.filter(application_id=application_id, round=round_no,
                                            slot=ref["slot"], sha256=ref["sha256"]).update(case=case)
        if not updated:
            raise Unprocessable(f"attachment {ref['slot']} of round {round_no} has not arrived")


@handles("application.submitted", from_zone="internet")
def on_submitted(body, envelope):
    if Case.objects.filter(application_id=body["application_id"]).exists():
        return  # the same submission re-sent under a new envelope id: already a case
    item = Item.objects.select_related("department").filter(code=body["item_code"]).first()
    if item is None:
        raise Unprocessable(f"unknown item {body['item_code']}")
    json.loads(body["data_json"])  # must be JSON; the form check is part of the comparison
    applicant = body["applicant"]
    case = Case.objects.create(
        receipt_no=body["receipt_no"], application_id=body["application_id"],
        account_ref=body["account_ref"], item_code=item.code, workflow=workflow_of(item),
        department_code=item.department.code, state="submitted",
        applicant_kind=applicant["kind"], applicant_name=applicant["name"],
        applicant_id_number=applicant["id_number"],
        applicant_id_masked=mask_id_number(applicant["id_number"]),
        applicant_id_digest=lookup_digest("id", applicant["id_number"]),
        applicant_phone=applicant["phone"], company_name=applicant.get("company_name", ""),
        credit_code=applicant.get("credit_code", ""), data_json=body["data_json"], round=body["round"],
        submitted_at=datetime.fromisoformat(body["submitted_at"].replace("Z", "+00:00")))
    _link_attachments(case, body["application_id"], body["round"], body["attachments"])
    run_checks(case)
    record("exchange", "case.received", case.receipt_no, item=item.code,
           department=case.department_code)
    engine.receive(case)  # last: it enqueues the answer (the stream's lock, held to commit)


@handles("application.action", from_zone="internet")
def on_applicant_action(body, envelope):
    case = Case.objects.filter(application_id=body["application_id"]).first()
    if case is None:
        raise Unprocessable("no case for this application")
    actor = engine.Actor.applicant(case.account_ref)
    if body["action"] == "withdraw":
        try:
            with transaction.atomic():
                engine.perform(case.pk, "withdraw", actor, note=body.get("note", ""))
        except engine.NotAllowed:
            # Too late (already accepted, say): the portal learns the real state from the log.
            engine.notice(case.pk, "withdraw_refused")
        return
    round_no = body.get("round") or case.round + 1
    if "data_json" not in body:
        raise Unprocessable("a resubmission carries the corrected data")
    try:
        with transaction.atomic():
            case = engine.perform(case.pk, "resubmit", actor, data_json=body["data_json"],
                                  round_no=round_no)
    except engine.NotAllowed:
        engine.notice(case.pk, "resubmit_refused")
        return
    _link_attachments(case, body["application_id"], round_no, body.get("attachments", []))
    run_checks(case)
