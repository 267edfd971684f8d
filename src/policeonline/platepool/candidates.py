"""Which numbers a release may contain: valid for the plate type, and not on a registered
vehicle, not in a live pool (nor withdrawn within the last day, while a hold on it may still
be running online), not in a reserved series, not a blocked combination."""

import re
import secrets
from datetime import timedelta

from django.utils import timezone

from policeonline.core import plate_rules as rules
from policeonline.registry.models import Vehicle

from .models import PlateRule, PoolNumber

MAX_RELEASE = 10_000
SETTLE = timedelta(days=1)  # longer than any hold


def excluded(prefix: str, plate_type: str, serials: list[str]) -> set[str]:
    """The serials among ``serials`` that may not be released now."""
    patterns = [re.compile(rule.pattern) for rule in PlateRule.objects.filter(active=True)
                if rule.applies_to(plate_type)]
    out = {s for s in serials if any(p.search(s) for p in patterns)}
    plates = {prefix + s: s for s in serials if s not in out}
    recent = timezone.now() - SETTLE
    for start in range(0, len(plates), 2000):
        chunk = list(plates)[start:start + 2000]
        taken = set(Vehicle.objects.filter(plate__in=chunk).values_list("plate", flat=True))
        taken |= set(PoolNumber.objects.filter(plate__in=chunk).exclude(
            status=PoolNumber.Status.WITHDRAWN, pool__withdrawn_at__lt=recent)
            .values_list("plate", flat=True))
        out |= {plates[p] for p in taken}
    return out


def by_pattern(prefix: str, plate_type: str, pattern: str) -> list[str]:
    serials = rules.expand(plate_type, pattern, MAX_RELEASE)
    skip = excluded(prefix, plate_type, serials)
    return [s for s in serials if s not in skip]


def by_count(prefix: str, plate_type: str, count: int) -> list[str]:
    """``count`` numbers drawn uniformly from the type's whole space (fewer only if the space
    is nearly exhausted)."""
    chosen: dict[str, None] = {}
    space = rules.SPACE[plate_type]
    for _ in range(20):
        wanted = count - len(chosen)
        if wanted <= 0:
            break
        draw = {rules.serial_at(plate_type, secrets.randbelow(space)) for _ in range(wanted * 2 + 10)}
        draw -= chosen.keys()
        skip = excluded(prefix, plate_type, sorted(draw))
        for serial in sorted(draw - skip):
            if len(chosen) < count:
                chosen[serial] = None
    return list(chosen)
