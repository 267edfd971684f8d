"""The quarantine: where every refused envelope goes, with its reason, and is audited."""

import logging

from django.db import transaction

from policeonline.audit.models import AuditEvent

from .envelope import Refused
from .models import QuarantinedEnvelope

log = logging.getLogger("policeonline.exchange")


def quarantine(refusal: Refused, data: bytes, source: str, keep: bool = True) -> None:
    row, audit = quarantine_rows(refusal, data, source, keep)
    with transaction.atomic():
        row.save()
        audit.save()


def quarantine_rows(refusal: Refused, data: bytes, source: str,
                    keep: bool = True) -> tuple[QuarantinedEnvelope, AuditEvent]:
    """The quarantine row and its audit event, unsaved: a batch writes many in bulk (a
    re-delivered backlog can bring thousands of duplicates at once)."""
    header = refusal.header
    if refusal.reason != "duplicate":
        log.warning("quarantined %s: %s %s", source, refusal.reason, refusal.detail[:200])
    row = QuarantinedEnvelope(
        reason=refusal.reason, detail=refusal.detail[:2000], source=source[:200],
        envelope_id=str(header.get("id", ""))[:36], type=str(header.get("type", ""))[:80],
        from_zone=str(header.get("from", ""))[:20], stream=str(header.get("stream", ""))[:40],
        seq=header.get("seq") if isinstance(header.get("seq"), int) else None,
        size=len(data), data=data if keep else None)
    audit = AuditEvent(actor="exchange", action="envelope.refused",
                       target=(target(header) if header else source)[:200],
                       detail={"reason": refusal.reason})
    return row, audit


def target(header: dict) -> str:
    return f"{header.get('type', '?')}#{header.get('seq', '?')} from {header.get('from', '?')}"
