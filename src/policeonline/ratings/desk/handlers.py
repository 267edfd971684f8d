"""A citizen's rating arriving from the portal (inside the inbox's transaction)."""

from policeonline.cases.models import Case
from policeonline.exchange.types import handles

from . import services


@handles("rating.submitted", from_zone="internet")
def on_rating(body, envelope):
    case = Case.objects.select_for_update().filter(application_id=body["application_id"]).first()
    if case is None or case.receipt_no != body["receipt_no"]:
        raise services.Unprocessable("no case for this application")
    services.store(case, body)
