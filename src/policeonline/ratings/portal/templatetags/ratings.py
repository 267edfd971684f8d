"""``{% rating_panel app %}``: on the applicant's application page, once the case is finished:
the rating form (five levels, optional comment), the rating given, the department's follow-up
of a poor rating and the form to rate that follow-up."""

from django import template

from ...levels import COMMENT_MAX, Kind, Level
from ..models import FollowUp
from ..services import open_kind, rateable

register = template.Library()


@register.inclusion_tag("ratings/_panel.html", takes_context=True)
def rating_panel(context, app):
    if not app.receipt_no or not rateable(app):
        return {"show": False}
    given = {r.kind: r for r in app.ratings.all()}
    return {"show": True, "app": app, "csrf_token": context.get("csrf_token"),
            "case_rating": given.get(Kind.CASE), "followup_rating": given.get(Kind.FOLLOWUP),
            "followup": FollowUp.objects.filter(application=app).first(),
            "open_kind": open_kind(app), "levels": Level.choices, "comment_max": COMMENT_MAX}
