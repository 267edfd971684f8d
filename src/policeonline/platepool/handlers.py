"""Choices reported by the portal (inside the inbox's transaction): the number becomes
allocated to the application, and the case's log records it (internal event)."""

from datetime import datetime

from django.utils import timezone

from policeonline.audit.log import record
from policeonline.cases import engine
from policeonline.cases.models import Case
from policeonline.exchange.types import handles

from .models import Pool, PoolNumber, PoolStock


class Unprocessable(Exception):
    """Genuine but inconsistent with the pool; quarantined for an operator to look at."""


@handles("plate.chosen", from_zone="internet")
def on_chosen(body, envelope):
    application_id, plate = body["application_id"], body["plate"]
    mine = PoolNumber.objects.select_for_update().filter(plate=plate, pool__code=body["pool"]).first()
    if mine is None:
        raise Unprocessable(f"{plate} was never released in pool {body['pool']}")
    if mine.status == PoolNumber.Status.ALLOCATED:
        if str(mine.application_id) == application_id:
            return  # the same report again
        raise Unprocessable(f"{plate} is already allocated to another application")
    other = PoolNumber.objects.filter(application_id=application_id).exclude(pk=mine.pk).first()
    if other is not None:
        raise Unprocessable(f"application already has plate {other.plate}")
    # A number withdrawn while a citizen held it is still theirs if they confirmed in time:
    # the internet zone is the allocation authority for the numbers released to it.
    mine.status, mine.application_id, mine.receipt_no = (PoolNumber.Status.ALLOCATED,
                                                         application_id, body["receipt_no"])
    mine.mode, mine.allocated_at = body["mode"], timezone.now()
    mine.save()
    record("exchange", "plates.allocated", plate, application=application_id,
           receipt_no=body["receipt_no"], mode=body["mode"])
    case = Case.objects.select_for_update().filter(application_id=application_id).first()
    if case is not None:
        engine._append(case, "plate_chosen", case.state, case.state,
                       engine.Actor.applicant(case.account_ref), note=plate,
                       detail={"plate": plate, "pool": body["pool"], "mode": body["mode"]},
                       public=False)
        case.save()


@handles("plates.stock", from_zone="internet")
def on_stock(body, envelope):
    """The portal's counts per pool; a report older than the one we have changes nothing."""
    at = datetime.fromisoformat(body["reported_at"].replace("Z", "+00:00"))
    pools = {p.code: p for p in Pool.objects.filter(code__in=[row["pool"] for row in body["pools"]])}
    for row in body["pools"]:
        pool = pools.get(row["pool"])
        if pool is None:
            continue  # not ours (another environment's test pool): nothing to show it on
        counts = {key: row[key] for key in ("free", "held", "allocated", "withdrawn")}
        stock = PoolStock.objects.select_for_update().filter(pool=pool).first()
        if stock is None:
            PoolStock.objects.create(pool=pool, reported_at=at, **counts)
        elif stock.reported_at < at:
            PoolStock.objects.filter(pool=pool).update(reported_at=at, **counts)
