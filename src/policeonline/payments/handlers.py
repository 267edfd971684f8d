"""Payment requests and cancellations from the intranet (inside the inbox's transaction)."""

from policeonline.applications.models import Application
from policeonline.exchange.types import handles

from . import services


class Unprocessable(Exception):
    """Genuine but not applicable; the inbox quarantines it."""


@handles("payment.requested", from_zone="intranet")
def on_requested(body, envelope):
    app = Application.objects.filter(pk=body["application_id"], receipt_no=body["receipt_no"]).first()
    if app is None:
        raise Unprocessable(f"no application {body['receipt_no']}")
    services.open_order(app, request_id=body["request_id"], fee_code=body["fee_code"],
                        fee_name=body["fee_name"], amount_fen=body["amount_fen"])


@handles("payment.refund", from_zone="intranet")
def on_refund(body, envelope):
    services.cancel(body["request_id"], body["reason"])
