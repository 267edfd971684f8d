"""Guarantee requests in the API (the same services as the portal pages): the requests
addressed to me, one of them, and my answer. Answering needs ``{"sure": true}`` — the API's
confirmation step. Requests are looked up by id AND guarantor: anyone else's is a plain 404."""

from datetime import date, datetime
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import django_auth

from policeonline.audit.refusals import owned_or_404
from policeonline.guarantors.portal import services
from policeonline.guarantors.portal.models import GuaranteeRequest

from .schemas import ErrorOut, I18n

router = Router(tags=["guarantees"], auth=django_auth)


class GuaranteeOut(Schema):
    id: UUID
    applicant_name: str
    applicant_id_masked: str
    item_code: str
    item_name: I18n
    status: str
    due_on: date
    created_at: datetime
    answered_at: datetime | None


class AnswerIn(Schema):
    sure: bool


class RefusedOut(Schema):
    error: dict


def _out(r: GuaranteeRequest) -> dict:
    item = r.item
    return {"id": r.pk, "applicant_name": r.applicant_name, "applicant_id_masked": r.applicant_id_masked,
            "item_code": r.item_code, "item_name": {"zh": item.name_zh, "en": item.name_en},
            "status": r.status, "due_on": r.due_on, "created_at": r.created_at,
            "answered_at": r.answered_at}


def _own(request, request_id) -> GuaranteeRequest:
    return owned_or_404(GuaranteeRequest, request.auth, owner="guarantor", pk=request_id)


@router.get("", response=list[GuaranteeOut], summary="Guarantee requests addressed to me")
def inbox(request):
    return [_out(r) for r in services.inbox(request.auth)]


@router.get("/{request_id}", response={200: GuaranteeOut, 404: ErrorOut},
            summary="One guarantee request: who, which service (ID number masked)")
def detail(request, request_id: UUID):
    return Status(200, _out(_own(request, request_id)))


def _answer(request, request_id, payload, action):
    _own(request, request_id)
    if not payload.sure:
        return Status(422, {"error": {"code": "not_sure", "message": _(
            "Confirm your answer: send sure=true.")}})
    try:
        return Status(200, _out(action(request_id, request.auth)))
    except services.Refused as exc:
        return Status(409, {"error": {"code": exc.code, "message": exc.message}})


RESPONSES = {200: GuaranteeOut, 404: ErrorOut, 409: RefusedOut, 422: RefusedOut}


@router.post("/{request_id}/confirm", response=RESPONSES,
             summary="Confirm that I vouch for the applicant (sent to the case)")
def confirm(request, request_id: UUID, payload: AnswerIn):
    return _answer(request, request_id, payload, services.confirm)


@router.post("/{request_id}/decline", response=RESPONSES,
             summary="Decline; the applicant is asked to name another guarantor")
def decline(request, request_id: UUID, payload: AnswerIn):
    return _answer(request, request_id, payload, services.decline)
