"""The public progress query in the API (no sign-in): receipt number plus the applicant's full
name or the last four digits of their mobile number. Step and dates only; an unknown number
and a wrong name give the same 404; throttled per client and per receipt number (429)."""

from datetime import date
from typing import Literal

from ninja import Field, Router, Schema, Status

from policeonline.audit.log import record
from policeonline.progress import lookup

from .schemas import ErrorOut

router = Router(tags=["progress"])


class ProgressIn(Schema):
    receipt_no: str
    name_or_phone_digits: str


class StepOut(Schema):
    on: date | None
    step: str


class ProgressOut(Schema):
    receipt_no: str
    item_code: str
    item_name: str
    department: str
    state: str
    state_label: str
    finished: bool
    submitted_on: date | None
    accepted_on: date | None
    decided_on: date | None
    due_date: date | None = Field(description="The next deadline: see due_for")
    due_for: Literal["acceptance", "completion"] | None = Field(
        description="What due_date is the deadline for: the department's acceptance while the "
                    "application awaits it, then the completion of the service (the legal time limit)")
    steps: list[StepOut]


@router.post("", response={200: ProgressOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
             summary="Where an application stands (public: receipt number + name or phone digits)")
def progress(request, payload: ProgressIn):
    try:
        app = lookup.find(request, payload.receipt_no[:40], payload.name_or_phone_digits[:60])
    except lookup.Refused as exc:
        return Status(exc.status, {"error": {"code": exc.code, "message": exc.message}})
    record("public", "progress.viewed", app.receipt_no, via="api")
    found = lookup.progress(app)
    return Status(200, {**found.__dict__, "steps": [{"on": s["on"], "step": s["step"]} for s in found.steps]})
