"""Issuing and revoking certificates (intranet): the one write path of the original records.

Both run inside the caller's transaction (the case engine's ``atomic`` block): the row, its PDF
and the envelope to the portal commit together or not at all.
"""

import base64
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from policeonline.audit.log import record
from policeonline.core.masking import mask_id_number, mask_name
from policeonline.exchange.outbox import enqueue

from . import codes, keys
from .models import Certificate
from .pdf import CertificateContent, render_pdf
from .texts import NO_CRIMINAL_RECORD_ITEM

SERIAL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
SERIAL_PREFIXES = {NO_CRIMINAL_RECORD_ITEM: "WFZ"}  # 无犯罪


def new_serial(item_code: str, year: int) -> str:
    """``WFZ-2026-7K3Q-M9XD``: random (40 bits), so serials reveal no counts and cannot be guessed."""
    prefix = SERIAL_PREFIXES.get(item_code) or "".join(ch for ch in item_code.upper() if ch.isalnum())
    random = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(8))
    return f"{prefix[:12]}-{year}-{random[:4]}-{random[4:]}"


def verify_url(code: str) -> str:
    return f"{settings.PORTAL_BASE_URL}/c/{code}"


def issue_certificate(*, receipt_no: str, account_ref: str, item_code: str, title: str,
                      holder_name: str, holder_id_number: str, body: list[str],
                      valid_days: int | None, issued_at: datetime | None = None) -> Certificate:
    kid, suite, private_key = keys.signing_key()
    issued_at = issued_at or timezone.now()
    issued_on = timezone.localdate(issued_at)
    valid_until = issued_on + timedelta(days=valid_days) if valid_days else None
    salt = secrets.token_hex(16)
    with transaction.atomic():
        for _attempt in range(5):
            serial = new_serial(item_code, issued_on.year)
            if not Certificate.objects.filter(serial=serial).exists():
                break
        else:  # 2**40 serials a year: five collisions in a row mean something else is wrong
            raise IntegrityError("could not draw a free certificate serial")
        digest = codes.content_digest({
            "serial": serial, "item_code": item_code, "title": title, "holder_name": holder_name,
            "holder_id_number": holder_id_number, "body": list(body),
            "issued_on": issued_on.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
            "issuer": settings.BUREAU_NAME, "salt": salt}, suite)
        payload = codes.CodePayload(
            serial=serial, item_code=item_code, title=title,
            holder_name_masked=mask_name(holder_name), holder_id_masked=mask_id_number(holder_id_number),
            issued_on=issued_on, valid_until=valid_until, content_digest=digest)
        code = codes.sign_code(payload, private_key, kid, suite)
        pdf = render_pdf(CertificateContent(
            serial=serial, title=title, holder_name=holder_name, holder_id_number=holder_id_number,
            body=list(body), issued_on=issued_on, valid_until=valid_until, code=code,
            url=verify_url(code)))
        certificate = Certificate.objects.create(
            serial=serial, receipt_no=receipt_no, account_ref=account_ref, item_code=item_code,
            title=title, holder_name_masked=payload.holder_name_masked,
            holder_id_masked=payload.holder_id_masked, issued_at=issued_at, valid_until=valid_until,
            key_id=kid, code=code, content_digest=digest, content_salt=salt, pdf=pdf)
        enqueue("certificate.issued", issued_body(certificate), correlation_id=receipt_no)
        record("certificates", "certificate.issued", serial, receipt=receipt_no, item=item_code)
    return certificate


def issued_body(certificate: Certificate) -> dict:
    return {"serial": certificate.serial, "receipt_no": certificate.receipt_no,
            "account_ref": certificate.account_ref, "item_code": certificate.item_code,
            "title": certificate.title, "holder_name_masked": certificate.holder_name_masked,
            "holder_id_masked": certificate.holder_id_masked,
            "issued_at": certificate.issued_at.isoformat(),
            "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
            "key_id": certificate.key_id, "code": certificate.code,
            "content_digest": certificate.content_digest,
            "pdf": base64.b64encode(bytes(certificate.pdf)).decode("ascii")}


def revoke_certificate(serial: str, reason: str) -> Certificate:
    """Revoke once (a second call changes nothing and sends nothing); LookupError if unknown."""
    reason = reason.strip()[:200]
    if not reason:
        raise ValueError("a revocation needs a reason")
    with transaction.atomic():
        certificate = Certificate.objects.light().select_for_update().filter(serial=serial).first()
        if certificate is None:
            raise LookupError(f"no certificate {serial}")
        if certificate.status == Certificate.Status.REVOKED:
            return certificate
        certificate.status, certificate.revoked_reason = Certificate.Status.REVOKED, reason
        certificate.revoked_at = timezone.now()
        certificate.save(update_fields=["status", "revoked_reason", "revoked_at", "updated_at"])
        enqueue("certificate.revoked", {"serial": serial, "reason": reason,
                                        "revoked_at": certificate.revoked_at.isoformat()},
                correlation_id=certificate.receipt_no)
        record("certificates", "certificate.revoked", serial, reason=reason)
    return certificate
