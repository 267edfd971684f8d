"""Letters in the API (the same services and checks as the portal pages, ADR 0024): write a
consultation, complaint or mailbox letter as a verified account (attachments only through the
portal page), my letters, one letter with its answer, rate the answer once; and the public Q&A
with search, open to anyone. Another account's letter is a plain 404."""

from datetime import date, datetime

from ninja import Router, Schema, Status
from ninja.security import django_auth

from policeonline.audit.refusals import owned_or_404
from policeonline.letters.kinds import KIND_CODES, rules
from policeonline.letters.portal import services
from policeonline.letters.portal.forms import LetterForm
from policeonline.letters.portal.models import Letter

from .schemas import ErrorOut

router = Router(tags=["letters"])


class LetterIn(Schema):
    kind: str
    topic: str
    subject: str
    text: str
    publish_consent: bool = False


class LetterOut(Schema):
    tracking_no: str
    kind: str
    topic: str
    topic_label: str
    subject: str
    text: str
    publish_consent: bool
    status: str
    department: str
    due_date: date | None
    answer: str
    answered_at: datetime | None
    rating: int | None
    created_at: datetime


class RatingIn(Schema):
    rating: int


class PublicAnswerOut(Schema):
    topic: str
    question: str
    answer: str
    published_at: datetime


class RefusedOut(Schema):
    error: dict


def _out(letter: Letter) -> dict:
    return {field: getattr(letter, field) for field in LetterOut.model_fields}


def _mine(request, tracking_no: str) -> Letter:
    return owned_or_404(Letter, request.auth, owner="author", tracking_no=tracking_no)


@router.post("", auth=django_auth, response={201: LetterOut, 422: RefusedOut, 429: RefusedOut},
             summary="Write a letter (verified account); it goes to the department in charge")
def write(request, payload: LetterIn):
    if payload.kind not in KIND_CODES:
        return Status(422, {"error": {"code": "invalid", "message": "unknown kind",
                                      "fields": {"kind": list(KIND_CODES)}}})
    kind_rules = rules().kind(payload.kind)
    form = LetterForm(payload.dict() | {"publish_consent": payload.publish_consent or ""},
                      public_qa=kind_rules.public_qa)
    if not form.is_valid():
        return Status(422, {"error": {"code": "invalid", "message": form.errors.as_text(),
                                      "fields": {k: [str(m) for m in v] for k, v in form.errors.items()}}})
    try:
        letter = services.write(payload.kind, form.cleaned_data, author=request.auth,
                                ip=request.META.get("REMOTE_ADDR") or None)
    except services.Refused as refused:
        code = "too_many" if refused.status == 429 else "refused"
        return Status(refused.status, {"error": {"code": code, "message": refused.message}})
    return Status(201, _out(letter))


@router.get("", auth=django_auth, response=list[LetterOut], summary="My letters, latest first")
def mine(request):
    return [_out(letter) for letter in services.mine(request.auth)[:100]]


@router.get("/qa", response=list[PublicAnswerOut],
            summary="Public questions and answers (consenting consultations), with search")
def public_qa(request, q: str = ""):
    return [{"topic": a.topic_label, "question": a.question, "answer": a.answer,
             "published_at": a.published_at} for a in services.search_public(q[:100])[:50]]


@router.get("/{tracking_no}", auth=django_auth, response={200: LetterOut, 404: ErrorOut},
            summary="One of my letters, with the answer once given")
def one(request, tracking_no: str):
    return Status(200, _out(_mine(request, tracking_no)))


@router.post("/{tracking_no}/rating", auth=django_auth,
             response={200: LetterOut, 404: ErrorOut, 409: RefusedOut, 422: RefusedOut},
             summary="Rate the answer once: 5 very satisfied … 1 very dissatisfied")
def rate(request, tracking_no: str, payload: RatingIn):
    letter = _mine(request, tracking_no)
    already = letter.rating is not None
    try:
        letter = services.rate(letter.pk, payload.rating, author=request.auth)
    except services.Refused as refused:
        return Status(409 if already else 422, {"error": {"code": "refused", "message": refused.message}})
    return Status(200, _out(letter))
