"""The quarantine: where every refused envelope goes, with its reason, and is audited."""

import logging

from django.db import transaction

from policeonline.audit.log import record

from .envelope import Refused
from .models import QuarantinedEnvelope

log = logging.getLogger("policeonline.exchange")


def quarantine(refusal: Refused, data: bytes, source: str, keep: bool = True) -> None:
    header = refusal.header
    with transaction.atomic():
        QuarantinedEnvelope.objects.create(
            reason=refusal.reason, detail=refusal.detail[:2000], source=source[:200],
            envelope_id=str(header.get("id", ""))[:36], type=str(header.get("type", ""))[:80],
            from_zone=str(header.get("from", ""))[:20], stream=str(header.get("stream", ""))[:40],
            seq=header.get("seq") if isinstance(header.get("seq"), int) else None,
            size=len(data), data=data if keep else None)
        record("exchange", "envelope.refused", target(header) if header else source[:200],
               reason=refusal.reason)
    if refusal.reason != "duplicate":
        log.warning("quarantined %s: %s %s", source, refusal.reason, refusal.detail[:200])


def target(header: dict) -> str:
    return f"{header.get('type', '?')}#{header.get('seq', '?')} from {header.get('from', '?')}"
