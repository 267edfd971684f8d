"""Plate self-selection in the API (the same services as the portal page): the state of an
application's selection, random displays, picking, composing, confirming, giving up a hold.
Objects are looked up by id AND owner: another account's application is a plain 404."""

from datetime import datetime
from uuid import UUID

from ninja import Router, Schema, Status
from ninja.security import django_auth

from policeonline.applications.models import Application
from policeonline.audit.refusals import not_found
from policeonline.core import plate_rules as rules
from policeonline.plates import services

from .schemas import ErrorOut

router = Router(tags=["plates"], auth=django_auth)


class PlateStateOut(Schema):
    application_id: UUID
    eligible: bool
    reason: str | None
    plate_type: str | None
    plate_type_label: str | None
    prefix: str
    rule: str | None
    confirmed_plate: str | None
    held_plate: str | None
    held_until: datetime | None
    offered: list[str]
    displays_left: int
    compose_attempts_left: int


class PickIn(Schema):
    plate: str


class ComposeIn(Schema):
    serial: str


class RefusedOut(Schema):
    error: dict


def _state(request, app_id) -> dict:
    try:
        state = services.state(app_id, request.auth)
    except Application.DoesNotExist:
        raise not_found(Application, request.auth, pk=app_id) from None
    selection, held = state.selection, state.held
    return {"application_id": state.app.pk, "eligible": state.refusal is None and not state.confirmed,
            "reason": state.refusal, "plate_type": state.plate_type,
            "plate_type_label": str(rules.TYPES[state.plate_type]) if state.plate_type else None,
            "prefix": selection.prefix if selection else next(iter(rules.AUTHORITIES)),
            "rule": rules.hint(state.plate_type) if state.plate_type else None,
            "confirmed_plate": state.confirmed or None,
            "held_plate": held.plate if held else None, "held_until": held.held_until if held else None,
            "offered": selection.offered if selection and not held else [],
            "displays_left": state.displays_left, "compose_attempts_left": state.compose_left}


def _act(request, app_id, action, *args):
    try:
        action(app_id, request.auth, *args)
    except Application.DoesNotExist:
        raise not_found(Application, request.auth, pk=app_id) from None
    except services.Refused as exc:
        conflict = ("taken", "exhausted", "confirmed", "pool_empty", "vehicle_has_plate")
        return Status(409 if exc.code in conflict else 422,
                      {"error": {"code": exc.code, "message": exc.message}})
    return Status(200, _state(request, app_id))


RESPONSES = {200: PlateStateOut, 404: ErrorOut, 409: RefusedOut, 422: RefusedOut}


@router.get("/{app_id}/plate", response={200: PlateStateOut, 404: ErrorOut},
            summary="The plate selection of one of my applications")
def get_selection(request, app_id: UUID):
    return Status(200, _state(request, app_id))


@router.post("/{app_id}/plate/display", response=RESPONSES,
             summary="Show a set of random free numbers (uses one display); they are in `offered`")
def display(request, app_id: UUID):
    return _act(request, app_id, services.display)


@router.post("/{app_id}/plate/pick", response=RESPONSES,
             summary="Hold a number offered by the last display (409 `taken`: someone was faster)")
def pick(request, app_id: UUID, payload: PickIn):
    return _act(request, app_id, services.pick, payload.plate)


@router.post("/{app_id}/plate/compose", response=RESPONSES,
             summary="Hold a number composed within the GA 36 rules (uses one attempt if well formed)")
def compose(request, app_id: UUID, payload: ComposeIn):
    return _act(request, app_id, services.compose, payload.serial)


@router.post("/{app_id}/plate/confirm", response=RESPONSES,
             summary="Make the held number final; it is reported to the vehicle office")
def confirm(request, app_id: UUID):
    return _act(request, app_id, services.confirm)


@router.delete("/{app_id}/plate/hold", response=RESPONSES, summary="Give up the held number")
def release(request, app_id: UUID):
    return _act(request, app_id, services.release)
