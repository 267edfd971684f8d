"""The citizen's ratings: one per finished application (and one of the department's
follow-up, once answered), each in one transaction with the ``rating.submitted`` envelope.
Bad input or a second rating raises ``Refused`` with a localised message; nothing changes."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.applications.models import Application
from policeonline.audit.log import record
from policeonline.exchange.outbox import enqueue

from ..levels import COMMENT_MAX, Kind, Level
from .models import FollowUp, PortalRating


class Refused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def rateable(app: Application) -> bool:
    """A finished case the department handled (a withdrawn one was not handled)."""
    return app.status == Application.Status.CLOSED and app.outcome != "withdrawn" and bool(app.receipt_no)


def open_kind(app: Application) -> str | None:
    """What the citizen may rate now: the case, then (once answered) the follow-up, or nothing."""
    given = {r.kind for r in app.ratings.all()}
    if rateable(app) and Kind.CASE not in given:
        return Kind.CASE
    followup = FollowUp.objects.filter(application=app).first()
    if followup and followup.status == FollowUp.Status.ANSWERED and Kind.FOLLOWUP not in given:
        return Kind.FOLLOWUP
    return None


def already_rated(kind: str) -> str:
    if kind == Kind.FOLLOWUP:
        return _("You have already rated the follow-up; a rating cannot be changed.")
    return _("You have already rated this application; a rating cannot be changed.")


def clean_level(raw) -> int:
    try:
        level = int(str(raw).strip())
    except (TypeError, ValueError):
        level = 0
    if level not in Level.values:
        raise Refused("invalid_level", _("Choose one of the five ratings."))
    return level


def rate(app_id, user, level, comment: str = "", kind: str = Kind.CASE) -> PortalRating:
    level = clean_level(level)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise Refused("comment_too_long", _("The comment is too long: at most %(n)s characters.")
                      % {"n": COMMENT_MAX})
    if kind not in Kind.values:
        raise Refused("invalid_kind", _("This cannot be rated."))
    with transaction.atomic():
        app = Application.objects.select_for_update().filter(pk=app_id, owner=user).first()
        if app is None:
            raise Refused("not_found", _("Not found."))
        if PortalRating.objects.filter(application=app, kind=kind).exists():
            raise Refused("already_rated", already_rated(kind))
        if kind == Kind.CASE and not rateable(app):
            raise Refused("not_finished", _("You can rate an application once it is finished."))
        if kind == Kind.FOLLOWUP and open_kind(app) != Kind.FOLLOWUP:
            raise Refused("no_followup", _("There is no answered follow-up to rate yet."))
        try:
            with transaction.atomic():
                rating = PortalRating.objects.create(application=app, kind=kind, level=level,
                                                     comment=comment, rated_at=timezone.now())
        except IntegrityError:  # a second tab raced this one past the check above
            raise Refused("already_rated", already_rated(kind)) from None
        enqueue("rating.submitted", {
            "application_id": str(app.pk), "receipt_no": app.receipt_no, "rating_id": str(rating.pk),
            "kind": kind, "level": level, "comment": comment,
            "at": rating.rated_at.isoformat().replace("+00:00", "Z")},
            correlation_id=str(app.pk), shard_key=str(app.pk))
        record(user.account_ref, "rating.given", app.receipt_no, kind=kind, level=level)
        return rating
