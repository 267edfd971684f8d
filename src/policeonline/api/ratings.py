"""好差评 in the API (the same services as the application page): my rating of a finished
application and the department's follow-up, rating it (once), rating the follow-up (once).
Another account's application is a plain 404."""

from datetime import date, datetime
from uuid import UUID

from ninja import Router, Schema, Status
from ninja.security import django_auth

from policeonline.applications.models import Application
from policeonline.audit.refusals import not_found, owned_or_404
from policeonline.ratings.levels import Kind
from policeonline.ratings.portal import services
from policeonline.ratings.portal.models import FollowUp

from .schemas import ErrorOut

router = Router(tags=["ratings"], auth=django_auth)


class RatingIn(Schema):
    level: int
    comment: str = ""
    kind: str = "case"


class RatingOut(Schema):
    kind: str
    level: int
    level_label: str
    comment: str
    rated_at: datetime


class FollowUpOut(Schema):
    status: str
    due_date: date
    answer: str
    answered_at: datetime | None


class RatingsOut(Schema):
    can_rate: str | None
    ratings: list[RatingOut]
    followup: FollowUpOut | None


def _out(app: Application) -> dict:
    followup = FollowUp.objects.filter(application=app).first()
    return {"can_rate": services.open_kind(app),
            "ratings": [{"kind": r.kind, "level": r.level, "level_label": str(r.get_level_display()),
                         "comment": r.comment, "rated_at": r.rated_at} for r in app.ratings.all()],
            "followup": followup and {"status": followup.status, "due_date": followup.due_date,
                                      "answer": followup.answer, "answered_at": followup.answered_at}}


@router.get("/{app_id}/rating", response={200: RatingsOut, 404: ErrorOut},
            summary="My rating of an application and the department's follow-up")
def ratings(request, app_id: UUID):
    return Status(200, _out(owned_or_404(Application, request.auth, pk=app_id)))


@router.post("/{app_id}/rating", response={201: RatingsOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
             summary="Rate a finished application (5 非常满意 … 1 非常不满意), or its follow-up, once")
def rate(request, app_id: UUID, payload: RatingIn):
    try:
        services.rate(app_id, request.auth, payload.level, payload.comment,
                      payload.kind if payload.kind in Kind.values else "?")
    except services.Refused as exc:
        if exc.code == "not_found":
            raise not_found(Application, request.auth, pk=app_id) from None
        status = 409 if exc.code in ("already_rated", "not_finished", "no_followup") else 422
        return Status(status, {"error": {"code": exc.code, "message": exc.message}})
    return Status(201, _out(Application.objects.get(pk=app_id)))
