"""Online applications in the API: everything the portal lets a citizen do, for the mobile
app. The same services run both, so the rules cannot differ. Objects are looked up by id AND
owner: another account's application is a plain 404."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import django_auth

from policeonline.applications import services
from policeonline.applications.models import Application, Attachment
from policeonline.applications.receipts import is_valid, normalise
from policeonline.applications.updates import describe
from policeonline.audit.log import record
from policeonline.audit.refusals import not_found, owned_or_404
from policeonline.catalog.models import Item
from policeonline.workflow import reason

from .schemas import ErrorOut

router = Router(tags=["applications"], auth=django_auth)
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class StartIn(Schema):
    item_code: str


class DataIn(Schema):
    data: dict


class FileOut(Schema):
    id: int
    slot: str
    round: int
    filename: str
    content_type: str
    size: int
    sha256: str


class EventOut(Schema):
    at: datetime
    action: str
    text: str
    state: str
    note: str
    reason: str | None


class DocumentOut(Schema):
    serial: str
    title: str
    issued_at: datetime
    valid_until: date | None
    url: str


class ApplicationOut(Schema):
    id: UUID
    item_code: str
    status: str
    state: str
    state_label: str
    receipt_no: str | None
    data: dict
    files: list[FileOut]
    due_date: date | None = Field(description="The next deadline: see due_for")
    due_for: Literal["acceptance", "completion"] | None = Field(
        description="What due_date is the deadline for: the department's acceptance while the "
                    "application awaits it, then the completion of the service (the legal time limit)")
    due_provisional: bool
    outcome: str | None
    supplement_note: str | None
    supplement_fields: list[str]
    supplement_slots: list[str]
    editable: bool
    withdrawable: bool
    created_at: datetime
    submitted_at: datetime | None
    timeline: list[EventOut]
    documents: list[DocumentOut]


class RefusedOut(Schema):
    error: dict


def _refused(exc: services.Refused):
    return Status(422, {"error": {"code": "refused", "message": exc.message,
                                  "fields": {k: [str(m) for m in v] for k, v in exc.errors.items()}}})


def _out(app: Application) -> dict:
    from policeonline.certificates.models import Certificate

    # Documents exist only once the case has come back from the department.
    docs = Certificate.objects.light().filter(receipt_no=app.receipt_no, account_ref=app.owner.account_ref) \
        if app.receipt_no and app.status != Application.Status.SENT else []
    return {"id": app.id, "item_code": app.item_code, "status": app.status, "state": app.state,
            "state_label": str(app.state_label), "receipt_no": app.receipt_no, "data": app.data,
            "files": list(app.attachments.all()), "due_date": app.due_date, "due_for": app.due_for,
            "due_provisional": app.due_provisional, "outcome": app.outcome or None,
            "supplement_note": app.supplement_note or None, "supplement_fields": app.supplement_fields,
            "supplement_slots": app.supplement_slots, "editable": app.editable,
            "withdrawable": app.withdrawable, "created_at": app.created_at,
            "submitted_at": app.submitted_at,
            "timeline": [{"at": e.at, "action": e.action, "text": str(describe(e, app.workflow)),
                          "state": e.state, "note": e.note,
                          "reason": str(reason(e.reason_code).text) if reason(e.reason_code) else None}
                         for e in app.events.all()],
            "documents": [{"serial": d.serial, "title": d.title, "issued_at": d.issued_at,
                           "valid_until": d.valid_until,
                           "url": f"/api/v1/applications/{app.id}/documents/{d.serial}"} for d in docs]}


def _own(request, app_id) -> Application:
    app = owned_or_404(Application, request.auth, pk=app_id)
    app.owner = request.auth  # the signed-in account itself: no second query for it
    return app


@router.get("", response=list[ApplicationOut], summary="My applications, newest first")
def list_applications(request):
    return [_out(app) for app in Application.objects.filter(owner=request.auth).select_related("owner")[:200]]


@router.post("", response={201: ApplicationOut, 401: ErrorOut, 404: ErrorOut, 422: RefusedOut},
             summary="Start a draft application for a service item (prefilled from the account)")
def start(request, payload: StartIn):
    item = get_object_or_404(Item, code=payload.item_code.upper())
    try:
        return Status(201, _out(services.start(request.auth, item)))
    except services.Refused as exc:
        return _refused(exc)


@router.get("/by-receipt/{receipt_no}", response={200: ApplicationOut, 404: ErrorOut, 422: ErrorOut},
            summary="Find one of my applications by its receipt number")
def by_receipt(request, receipt_no: str):
    number = normalise(receipt_no)
    if not is_valid(number):
        return Status(422, {"error": {"code": "invalid_receipt_no", "message": _(
            "This is not a valid receipt number; please check it.")}})
    return Status(200, _out(owned_or_404(Application, request.auth, receipt_no=number)))


@router.get("/{app_id}", response={200: ApplicationOut, 404: ErrorOut}, summary="One application")
def get_application(request, app_id: UUID):
    return Status(200, _out(_own(request, app_id)))


@router.patch("/{app_id}", response={200: ApplicationOut, 404: ErrorOut, 409: RefusedOut, 422: RefusedOut},
              summary="Save draft data (fields given replace the stored ones; nothing is required yet)")
def save(request, app_id: UUID, payload: DataIn):
    _own(request, app_id)
    try:
        app, errors = services.save_draft(app_id, request.auth, payload.data)
    except services.Refused as exc:
        return Status(409, {"error": {"code": "not_editable", "message": exc.message, "fields": {}}})
    if errors:
        return _refused(services.Refused(_("Please correct the marked fields."), errors))
    return Status(200, _out(app))


# Declared before the upload route: both share the path shape, and Django takes the first
# pattern that matches, which for `{slot}` (any string) would answer GET with 405.
@router.get("/{app_id}/files/{int:file_id}", response={404: ErrorOut}, summary="Download an uploaded file")
def download_file(request, app_id: UUID, file_id: int):
    app = _own(request, app_id)
    found = get_object_or_404(Attachment, pk=file_id, application=app)
    with found.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.sha256[:16]}"'
    return response


@router.post("/{app_id}/files/{slot}", response={201: FileOut, 404: ErrorOut, 422: RefusedOut},
             summary="Upload the file for one material slot (JPEG, PNG or PDF, at most 5 MB)")
def upload(request, app_id: UUID, slot: str, file: File[UploadedFile]):
    _own(request, app_id)
    if file.size > MAX_UPLOAD_BYTES:
        return _refused(services.Refused(_("The file is larger than 5 MB."),
                                         {f"upload-{slot}": [_("The file is larger than 5 MB.")]}))
    try:
        return Status(201, services.attach(app_id, request.auth, slot, file.name or "file", file.read()))
    except services.Refused as exc:
        return _refused(exc)


@router.delete("/{app_id}/files/{slot}", response={204: None, 404: ErrorOut, 422: RefusedOut},
               summary="Remove the file of a material slot from the draft")
def remove(request, app_id: UUID, slot: str):
    _own(request, app_id)
    try:
        services.remove_attachment(app_id, request.auth, slot)
    except services.Refused as exc:
        return _refused(exc)
    return Status(204, None)


@router.post("/{app_id}/submit", response={200: ApplicationOut, 404: ErrorOut, 422: RefusedOut},
             summary="Submit: checks everything, gives the receipt number, sends it to the department")
def submit(request, app_id: UUID):
    # No pre-read: the service locks the row and checks the owner (the hot path of submission).
    try:
        return Status(200, _out(services.submit(app_id, request.auth)))
    except Application.DoesNotExist:
        raise not_found(Application, request.auth, pk=app_id) from None
    except services.Refused as exc:
        return _refused(exc)


@router.post("/{app_id}/withdraw", response={200: ApplicationOut, 204: None, 404: ErrorOut,
                                              422: RefusedOut},
             summary="Withdraw before acceptance (a draft is deleted: 204)")
def withdraw(request, app_id: UUID):
    app = _own(request, app_id)
    draft = app.status == Application.Status.DRAFT
    try:
        app = services.withdraw(app_id, request.auth)
    except services.Refused as exc:
        return _refused(exc)
    return Status(204, None) if draft else Status(200, _out(app))


@router.post("/{app_id}/resubmit", response={200: ApplicationOut, 404: ErrorOut, 422: RefusedOut},
             summary="Send the corrections the department asked for (补正)")
def resubmit(request, app_id: UUID):
    _own(request, app_id)
    try:
        return Status(200, _out(services.resubmit(app_id, request.auth)))
    except services.Refused as exc:
        return _refused(exc)


@router.get("/{app_id}/documents/{serial}", response={404: ErrorOut},
            summary="Download an issued electronic certificate (PDF)")
def document(request, app_id: UUID, serial: str):
    from policeonline.certificates.models import Certificate

    app = _own(request, app_id)
    cert = get_object_or_404(Certificate, serial=serial, receipt_no=app.receipt_no or "-",
                             account_ref=request.auth.account_ref)
    record(request.auth.account_ref, "certificate.downloaded", cert.serial)
    response = HttpResponse(bytes(cert.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{cert.serial}.pdf"'
    return response
