"""Releases and withdrawals from the intranet (inside the inbox's transaction).

Both are idempotent: a release inserts only numbers not yet here (a number withdrawn earlier
and released again comes back into its new pool); a withdrawal takes free numbers out at once
and marks held ones to leave when their hold ends. Allocated numbers are never touched: the
internet zone is the allocation authority for what was released to it.
"""

import secrets

from django.db.models import Q

from policeonline.audit.log import record
from policeonline.core import plate_rules as rules
from policeonline.exchange.types import handles

from .models import ReleasedNumber, Selection

Status = ReleasedNumber.Status


class Unprocessable(Exception):
    """Genuine but not applicable; the inbox quarantines it."""


@handles("plates.released", from_zone="intranet")
def on_released(body, envelope):
    prefix, plate_type = body["prefix"], body["plate_type"]
    numbers = list(dict.fromkeys(body["numbers"]))
    bad = [n for n in numbers if not rules.is_valid(prefix, plate_type, n)]
    if bad:
        raise Unprocessable(f"not valid {plate_type} numbers of {prefix}: {bad[:5]}")
    existing = dict(ReleasedNumber.objects.filter(plate__in=numbers).values_list("plate", "status"))
    ReleasedNumber.objects.bulk_create(
        [ReleasedNumber(plate=n, prefix=prefix, plate_type=plate_type, pool=body["pool"],
                        shuffle=secrets.randbelow(2**31)) for n in numbers if n not in existing],
        ignore_conflicts=True)
    again = [n for n, status in existing.items() if status == Status.WITHDRAWN]
    ReleasedNumber.objects.filter(plate__in=again, status=Status.WITHDRAWN).update(
        status=Status.FREE, pool=body["pool"], prefix=prefix, plate_type=plate_type,
        shuffle=secrets.randbelow(2**31))
    record("exchange", "plates.released", body["pool"], part=body["part"], parts=body["parts"],
           numbers=len(numbers), new=len(numbers) - len(existing) + len(again))


@handles("plates.withdrawn", from_zone="intranet")
def on_withdrawn(body, envelope):
    numbers = body["numbers"]
    mine = Q(plate__in=numbers, pool=body["pool"])
    freed = ReleasedNumber.objects.filter(mine, status=Status.FREE).update(status=Status.WITHDRAWN)
    held = ReleasedNumber.objects.filter(mine, status=Status.HELD).update(withdrawal_pending=True)
    record("exchange", "plates.withdrawn", body["pool"], part=body["part"], withdrawn=freed,
           pending=held)


@handles("plate.returned", from_zone="intranet")
def on_returned(body, envelope):
    """A confirmed number whose case ended without a grant comes back (ADR 0029): free for the
    next selector (or retired, when its pool was withdrawn meanwhile), and the vehicle may
    choose again in a new application. A repeat changes nothing."""
    number = ReleasedNumber.objects.select_for_update().filter(plate=body["plate"]).first()
    if number is None:
        raise Unprocessable(f"{body['plate']} was never released here")
    if number.status != Status.ALLOCATED or str(number.holder_id) != body["application_id"]:
        return  # already returned (a repeat), or no longer this application's
    number.status = Status.WITHDRAWN if body["back_to"] == "withdrawn" else Status.FREE
    number.holder, number.held_until, number.withdrawal_pending = None, None, False
    number.shuffle = secrets.randbelow(2**31)
    number.save()
    Selection.objects.filter(application_id=body["application_id"], plate=body["plate"]).update(
        plate="")
    record("exchange", "plates.returned", body["plate"], receipt_no=body["receipt_no"],
           reason=body["reason"], back_to=body["back_to"])
