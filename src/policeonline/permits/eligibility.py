"""Whether a vehicle may have a permit for a zone on a day: each rule refuses with its own code
and a localised sentence. Pure reads, no writes; ``services`` re-checks what can race."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from policeonline.core.permit_zones import EMISSION_NAMES, VEHICLE_TYPES

from . import conf
from .models import OwnedVehicle, PermitZone, VehicleFactsRequest


class Refused(Exception):
    """Not possible; ``code`` for programs, ``message`` (localised) for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def type_name(code: str) -> str:
    zh, en = VEHICLE_TYPES.get(code, (code, code))
    return en if (get_language() or "").startswith("en") else zh


def emission_name(level: int) -> str:
    """国五 / China V: the standard's own name in each language (not interface text)."""
    zh, en = EMISSION_NAMES[level]
    return en if (get_language() or "").startswith("en") else zh


def facts_fresh(account) -> bool:
    facts = VehicleFactsRequest.objects.filter(account=account).first()
    return bool(facts and facts.answered_at and facts.as_of and
                timezone.now() - facts.as_of < timedelta(hours=conf.facts_max_age_hours()))


def check(account, vehicle: OwnedVehicle | None, zone: PermitZone | None, day: date | None):
    """Raise ``Refused`` for the first rule the application breaks."""
    if not facts_fresh(account):
        raise Refused("facts_stale", _("Your vehicles' details from the vehicle registry are "
                                       "missing or out of date. Refresh them and try again."))
    if vehicle is None:
        raise Refused("unknown_vehicle", _("This vehicle is not registered in your name."))
    if zone is None or not zone.active:
        raise Refused("unknown_zone", _("There is no such restricted zone."))
    today = timezone.localdate()
    if day is None or not today <= day <= today + timedelta(days=conf.days_ahead()):
        raise Refused("bad_date", _("Permits can be applied for from today up to %(days)d days "
                                    "ahead.") % {"days": conf.days_ahead()})
    if not vehicle.in_use:
        raise Refused("not_in_use", _("The vehicle is not in normal use in the registry "
                                      "(scrapped, stolen or blocked)."))
    if vehicle.vehicle_type in zone.banned:
        raise Refused("type_banned", _("This type of vehicle may not enter %(zone)s in the "
                                       "restricted hours, even with a permit.") % {"zone": zone.name})
    if vehicle.vehicle_type not in zone.needs_permit:
        raise Refused("no_permit_needed", _("This type of vehicle needs no permit for %(zone)s.")
                      % {"zone": zone.name})
    if vehicle.emission_standard < zone.min_emission:
        raise Refused("emission", _("The vehicle meets emission standard %(has)s; %(zone)s "
                                    "requires at least %(needs)s.")
                      % {"has": emission_name(vehicle.emission_standard), "zone": zone.name,
                         "needs": emission_name(zone.min_emission)})
    if vehicle.inspection_valid_until is None or vehicle.inspection_valid_until < day:
        raise Refused("inspection", _("The vehicle's safety inspection is not valid on %(day)s. "
                                      "Have it inspected first.") % {"day": day.isoformat()})
    if vehicle.unpaid_violations:
        raise Refused("violations", _("The vehicle has %(count)d traffic violation(s) with unpaid "
                                      "fines. Settle them first.")
                      % {"count": vehicle.unpaid_violations})
