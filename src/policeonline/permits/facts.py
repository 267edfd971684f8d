"""Asking the vehicle registry for the citizen's own vehicles, and taking in the answer.

One request per citizen when the facts are missing or older than a day (``conf``): the
verified ID number crosses, as in real-name verification; the answer carries only the facts
eligibility needs. Issuing never waits for it.
"""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.exchange.outbox import enqueue

from .eligibility import Refused
from .models import VehicleFactsRequest


def request_facts(account) -> str:
    if account.verification != account.Verification.VERIFIED:
        raise Refused("not_verified", _("Complete real-name verification first."))
    request_id = str(uuid.uuid4())
    with transaction.atomic():
        VehicleFactsRequest.objects.update_or_create(
            account=account, defaults={"request_id": request_id, "requested_at": timezone.now(),
                                       "answered_at": None})
        enqueue("permits.vehicles.request", {"request_id": request_id,
                                             "account_ref": account.account_ref,
                                             "id_number": account.id_number},
                correlation_id=request_id)
    return request_id


def pending(account) -> bool:
    facts = VehicleFactsRequest.objects.filter(account=account).first()
    return bool(facts and facts.answered_at is None)
