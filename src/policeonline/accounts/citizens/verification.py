"""Real-name verification, internet side: ask across the boundary, record the answer.

The request leaves in the same transaction that creates (or retries) the account, through the
outbox; the answer arrives as an envelope whose handler updates the account. The portal polls
the account's state, so the citizen sees "verifying…" turn into the result without a reload.
"""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policeonline.audit.log import record
from policeonline.exchange.outbox import enqueue
from policeonline.exchange.types import handles

from .models import User

# What the citizen reads for each reason the intranet may give.
REASON_TEXT = {
    "match": _("Your name and ID number match the population registry."),
    "not_found": _("This ID number was not found in the population registry. Check the number; "
                   "if it is right, please visit a police station or service hall with your ID card."),
    "name_mismatch": _("The name does not match the one registered for this ID number. Correct "
                       "the name exactly as on your ID card and try again."),
    "record_inactive": _("The registration for this ID number is not active. Please visit a "
                         "police station with your household register booklet."),
    "record_mismatch": _("The registry holds different details for this ID number. Please visit "
                         "a police station or service hall with your ID card."),
}


@transaction.atomic
def request_verification(user: User) -> str:
    """Mark the account pending and send the request; returns the request id."""
    request_id = str(uuid.uuid4())
    User.objects.filter(pk=user.pk).update(
        verification=User.Verification.PENDING, verification_request_id=request_id,
        verification_reason="", verification_changed_at=timezone.now())
    user.verification, user.verification_request_id = User.Verification.PENDING, request_id
    enqueue("identity.verify.request", {"request_id": request_id, "account_ref": user.account_ref,
                                        "name": user.name, "id_number": user.id_number},
            correlation_id=request_id)
    record(user.account_ref, "verification.requested", user.account_ref, request=request_id)
    return request_id


@handles("identity.verify.result", from_zone="intranet")
def on_result(body, envelope):
    """Apply the intranet's answer, unless the citizen has retried since (then it is stale)."""
    pk = int(body["account_ref"].split(":", 1)[1])
    verified = body["outcome"] == "verified"
    updated = User.objects.filter(pk=pk, verification_request_id=body["request_id"]).update(
        verification=User.Verification.VERIFIED if verified else User.Verification.FAILED,
        verification_reason=body["reason"], verification_changed_at=timezone.now())
    record("exchange", "verification.answered", body["account_ref"], request=body["request_id"],
           outcome=body["outcome"], reason=body["reason"], applied=bool(updated))
