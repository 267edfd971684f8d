"""The portal's mirror of certificates, kept from the intranet's envelopes (internet zone).

Runs inside the inbox's transaction. The mirror holds what the holder downloads and what the
public verification page reads: masked fields, dates, status, the code and the PDF.
"""

import base64
from datetime import date, datetime

from policeonline.audit.log import record
from policeonline.exchange.types import handles

from .models import Certificate


@handles("certificate.issued", from_zone="intranet")
def on_issued(body, envelope):
    fields = {key: body[key] for key in ("receipt_no", "account_ref", "item_code", "title",
                                         "holder_name_masked", "holder_id_masked", "key_id",
                                         "code", "content_digest")}
    fields.update(issued_at=datetime.fromisoformat(body["issued_at"]),
                  valid_until=date.fromisoformat(body["valid_until"]) if body["valid_until"] else None,
                  pdf=base64.b64decode(body["pdf"], validate=True))
    _, created = Certificate.objects.update_or_create(serial=body["serial"], defaults=fields)
    record("exchange", "certificate.received", body["serial"], receipt=body["receipt_no"],
           created=created)


@handles("certificate.revoked", from_zone="intranet")
def on_revoked(body, envelope):
    updated = Certificate.objects.filter(serial=body["serial"]).update(
        status=Certificate.Status.REVOKED, revoked_reason=body["reason"],
        revoked_at=datetime.fromisoformat(body["revoked_at"]))
    if not updated:  # the stream is ordered, so the issue always arrives first: quarantine
        raise LookupError(f"revocation of unknown certificate {body['serial']}")
    record("exchange", "certificate.revoked", body["serial"])
