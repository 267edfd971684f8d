"""Answering verification requests that arrive across the boundary.

Runs inside the inbox's transaction: the record, the duty alert, the audit rows and the
answering envelope commit together with the request's inbox entry.
"""

from policeonline.audit.log import record
from policeonline.core.masking import mask_id_number
from policeonline.core.protected import lookup_digest
from policeonline.exchange.outbox import enqueue
from policeonline.exchange.types import handles
from policeonline.registry.lookup import is_wanted

from .compare import compare_identity
from .models import DutyAlert, VerificationRecord


@handles("identity.verify.request", from_zone="internet")
def on_request(body, envelope):
    id_number, masked = body["id_number"], mask_id_number(body["id_number"])
    reason = compare_identity(body["name"], id_number)
    outcome = "verified" if reason == "match" else "rejected"
    wanted = is_wanted(id_number)
    VerificationRecord.objects.create(
        request_id=body["request_id"], account_ref=body["account_ref"],
        declared_name=body["name"], id_digest=lookup_digest("id", id_number), id_masked=masked,
        outcome=outcome, reason=reason, wanted_hit=wanted, envelope_id=envelope.id)
    if wanted:
        # The citizen's answer does not change: an alert to the duty officer only.
        DutyAlert.objects.create(kind="wanted_person_verification",
                                 summary=f"在逃人员网上实名认证：{body['name']} {masked}",
                                 id_masked=masked, detail={"account_ref": body["account_ref"],
                                                           "request_id": body["request_id"]})
        record("verification", "duty_alert.raised", masked, kind="wanted_person_verification")
    record("verification", "verification.answered", masked, outcome=outcome, reason=reason)
    enqueue("identity.verify.result", {"request_id": body["request_id"],
                                       "account_ref": body["account_ref"],
                                       "outcome": outcome, "reason": reason},
            correlation_id=body["request_id"])
