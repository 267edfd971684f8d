"""The one write path of the plate pool: release and withdraw, each one transaction with the
envelopes for the internet zone (split into parts of at most NUMBERS_PER_ENVELOPE numbers)
and the audit row. Concurrent releases cannot put one number in two pools: the database's
partial unique index refuses the second."""

import secrets
import string

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.audit.log import record
from policeonline.core import plate_rules as rules
from policeonline.exchange.outbox import enqueue
from policeonline.messages.plates import NUMBERS_PER_ENVELOPE

from . import candidates
from .models import Pool, PoolNumber

DEPARTMENT = "vehicle_admin"
MANAGERS = ("supervisor", "approver")


class Refused(Exception):
    pass


def may_view(officer) -> bool:
    return (officer.department is not None and officer.department.code == DEPARTMENT) or any(
        officer.has_role(r) for r in ("auditor", "admin"))


def may_manage(officer) -> bool:
    return (officer.department is not None and officer.department.code == DEPARTMENT
            and any(officer.has_role(r) for r in MANAGERS))


def _stamp(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _parts(numbers: list[str]) -> list[list[str]]:
    return [numbers[i:i + NUMBERS_PER_ENVELOPE] for i in range(0, len(numbers), NUMBERS_PER_ENVELOPE)]


def _new_code() -> str:
    tail = "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(4))
    return f"P{timezone.localdate():%Y%m%d}-{tail}"


def release(officer, prefix: str, plate_type: str, method: str, spec: str, note: str = "") -> Pool:
    if not may_manage(officer):
        raise Refused(_("Only a supervisor or approver of the vehicle administration department "
                        "may release or withdraw numbers."))
    if prefix not in rules.AUTHORITIES:
        raise Refused(_("Unknown issuing authority."))
    if plate_type not in rules.TYPES:
        raise Refused(_("Unknown plate type."))
    spec = (spec or "").strip()
    if method == Pool.Method.COUNT:
        if not spec.isdigit() or not 1 <= int(spec) <= candidates.MAX_RELEASE:
            raise Refused(_("Give a count from 1 to %(n)d.") % {"n": candidates.MAX_RELEASE})
        serials = candidates.by_count(prefix, plate_type, int(spec))
    elif method == Pool.Method.PATTERN:
        try:
            serials = candidates.by_pattern(prefix, plate_type, spec)
        except ValueError as exc:
            raise Refused(str(exc)) from None
        spec = rules.normalise(spec)
    else:
        raise Refused(_("Choose how to select the numbers."))
    if not serials:
        raise Refused(_("No number can be released: every match is registered, already "
                        "released, reserved or blocked."))
    numbers = [prefix + s for s in serials]
    try:
        with transaction.atomic():
            pool = Pool.objects.create(code=_new_code(), prefix=prefix, plate_type=plate_type,
                                       method=method, spec=spec, note=note[:200],
                                       released_by=officer)
            PoolNumber.objects.bulk_create([PoolNumber(pool=pool, plate=n) for n in numbers])
            record(officer.username, "plates.pool_released", pool.code, prefix=prefix,
                   plate_type=plate_type, method=method, spec=spec, numbers=len(numbers))
            now, parts = timezone.now(), _parts(numbers)
            for index, part in enumerate(parts, 1):
                enqueue("plates.released", {
                    "pool": pool.code, "prefix": prefix, "plate_type": plate_type, "part": index,
                    "parts": len(parts), "numbers": part, "released_at": _stamp(now)},
                    correlation_id=pool.code)
    except IntegrityError:
        raise Refused(_("Another release took some of these numbers at the same moment; "
                        "please release again.")) from None
    return pool


def withdraw(officer, pool_id: int) -> int:
    """Withdraw the pool's numbers not yet allocated; returns how many."""
    if not may_manage(officer):
        raise Refused(_("Only a supervisor or approver of the vehicle administration department "
                        "may release or withdraw numbers."))
    with transaction.atomic():
        pool = Pool.objects.select_for_update().get(pk=pool_id)
        rows = PoolNumber.objects.select_for_update().filter(pool=pool, status=PoolNumber.Status.RELEASED)
        numbers = sorted(rows.values_list("plate", flat=True))
        if not numbers:
            raise Refused(_("This pool has no unallocated numbers left to withdraw."))
        PoolNumber.objects.filter(pool=pool, plate__in=numbers).update(status=PoolNumber.Status.WITHDRAWN)
        pool.withdrawn_at = timezone.now()
        pool.save(update_fields=["withdrawn_at"])
        record(officer.username, "plates.pool_withdrawn", pool.code, numbers=len(numbers))
        parts = _parts(numbers)
        for index, part in enumerate(parts, 1):
            enqueue("plates.withdrawn", {"pool": pool.code, "part": index, "parts": len(parts),
                                         "numbers": part, "withdrawn_at": _stamp(pool.withdrawn_at)},
                    correlation_id=pool.code)
        return len(numbers)


def counts(pool: Pool) -> dict:
    from django.db.models import Count

    by_status = dict(pool.numbers.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {"total": sum(by_status.values()), **{s: by_status.get(s, 0) for s in PoolNumber.Status.values}}


def give_back(case, outcome: str) -> str | None:
    """The case ended without a grant (refused, rejected, withdrawn): the number it was
    allocated goes back to its pool — or is retired if the pool was withdrawn meanwhile — and
    the portal is told, so the number can be chosen again (ADR 0029). Called by the case
    engine inside its transaction. Returns the plate, or None when the case held none."""
    number = (PoolNumber.objects.select_for_update().select_related("pool")
              .filter(application_id=case.application_id, status=PoolNumber.Status.ALLOCATED).first())
    if number is None:
        return None
    back_to = "withdrawn" if number.pool.withdrawn_at else "free"
    number.status = PoolNumber.Status.WITHDRAWN if back_to == "withdrawn" else PoolNumber.Status.RELEASED
    number.application_id, number.receipt_no, number.mode, number.allocated_at = None, "", "", None
    number.save()
    record("system", "plates.returned", number.plate, receipt_no=case.receipt_no, reason=outcome,
           back_to=back_to)
    enqueue("plate.returned", {"application_id": str(case.application_id), "receipt_no": case.receipt_no,
                               "plate": number.plate, "pool": number.pool.code, "reason": outcome,
                               "back_to": back_to, "returned_at": _stamp(timezone.now())},
            correlation_id=str(case.application_id))
    return number.plate
