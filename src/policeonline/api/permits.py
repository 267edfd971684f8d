"""Pass permits in the API (the same services as the portal pages): zones, my vehicles as the
registry described them, asking for them again, applying (issued at once), my permits, one
permit with its signed code, cancelling. Another account's permit is a plain 404."""

from datetime import date, datetime

from ninja import Router, Schema, Status
from ninja.security import django_auth

from policeonline.audit.refusals import not_found, owned_or_404
from policeonline.certificates.services import verify_url
from policeonline.permits import facts, services
from policeonline.permits.eligibility import Refused, facts_fresh
from policeonline.permits.models import OwnedVehicle, Permit, PermitZone

from .schemas import ErrorOut

router = Router(tags=["permits"], auth=django_auth)


class ZoneOut(Schema):
    code: str
    name: str
    windows: list[str]
    needs_permit: list[str]
    banned: list[str]
    min_emission: int
    daily_quota: int


class VehicleOut(Schema):
    plate: str
    vehicle_type: str
    emission_standard: int
    inspection_valid_until: date | None
    unpaid_violations: int
    in_use: bool


class VehiclesOut(Schema):
    fresh: bool
    pending: bool
    vehicles: list[VehicleOut]


class ApplyIn(Schema):
    plate: str
    zone: str
    day: date


class PermitOut(Schema):
    serial: str
    plate: str
    zone: str
    day: date
    status: str
    issued_at: datetime
    code: str
    verify_url: str


class RefusedOut(Schema):
    error: dict


def _permit(permit: Permit) -> dict:
    return {"serial": permit.serial, "plate": permit.plate, "zone": permit.zone.code,
            "day": permit.day, "status": permit.status, "issued_at": permit.issued_at,
            "code": permit.code, "verify_url": verify_url(permit.code)}


def _refused(exc: Refused) -> Status:
    conflict = ("quota_full", "duplicate", "cancelled")
    return Status(409 if exc.code in conflict else 422,
                  {"error": {"code": exc.code, "message": exc.message}})


@router.get("/zones", response=list[ZoneOut], summary="Restricted zones, their hours and quotas")
def zones(request):
    return [{"code": z.code, "name": z.name, "windows": z.windows, "needs_permit": z.needs_permit,
             "banned": z.banned, "min_emission": z.min_emission, "daily_quota": z.daily_quota}
            for z in PermitZone.objects.filter(active=True)]


@router.get("/vehicles", response=VehiclesOut,
            summary="My vehicles as the vehicle registry last described them")
def vehicles(request):
    user = request.auth
    return {"fresh": facts_fresh(user), "pending": facts.pending(user),
            "vehicles": list(OwnedVehicle.objects.filter(account=user))}


@router.post("/vehicles/refresh", response={202: VehiclesOut, 422: RefusedOut},
             summary="Ask the vehicle registry for my vehicles again (answer in a few seconds)")
def refresh(request):
    try:
        facts.request_facts(request.auth)
    except Refused as exc:
        return _refused(exc)
    return Status(202, vehicles(request))


@router.get("", response=list[PermitOut], summary="My permits, latest day first")
def mine(request):
    return [_permit(p) for p in services.mine(request.auth)[:100]]


@router.post("", response={201: PermitOut, 409: RefusedOut, 422: RefusedOut},
             summary="Apply: the permit is issued at once, or refused with a reason")
def apply(request, payload: ApplyIn):
    try:
        permit = services.issue(request.auth, plate=payload.plate, zone_code=payload.zone,
                                day=payload.day)
    except Refused as exc:
        return _refused(exc)
    return Status(201, _permit(permit))


@router.get("/{serial}", response={200: PermitOut, 404: ErrorOut}, summary="One of my permits")
def one(request, serial: str):
    permit = owned_or_404(Permit.objects.select_related("zone"), request.auth, owner="account",
                          serial=serial)
    return Status(200, _permit(permit))


@router.post("/{serial}/cancel", response={200: PermitOut, 404: ErrorOut, 409: RefusedOut,
                                            422: RefusedOut},
             summary="Cancel one of my permits (today or later); the quota seat is freed")
def cancel(request, serial: str):
    try:
        services.cancel(request.auth, serial)
    except Permit.DoesNotExist:
        raise not_found(Permit, request.auth, serial=serial) from None
    except Refused as exc:
        return _refused(exc)
    return Status(200, _permit(services.mine(request.auth).get(serial=serial)))
