"""Fee payment in the API (the same services as the portal pages): an account's fee orders,
starting a payment (the answer says where to pay), the receipt. Orders are looked up by number
AND owner: another account's order is a plain 404."""

from datetime import datetime
from uuid import UUID

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import django_auth

from policeonline.audit.refusals import owned_or_404
from policeonline.payments import receipt, services
from policeonline.payments.models import FeeOrder
from policeonline.payments.providers.base import GatewayError

from .schemas import ErrorOut

router = Router(tags=["payments"], auth=django_auth)


class FeeOrderOut(Schema):
    order_no: str
    application_id: UUID
    receipt_no: str | None
    fee_code: str
    fee_name: str
    amount_fen: int
    amount_yuan: str
    state: str
    created_at: datetime
    paid_at: datetime | None
    refunded_at: datetime | None


class PayOut(Schema):
    order_no: str
    pay_url: str


def _out(order: FeeOrder) -> dict:
    return {"order_no": order.order_no, "application_id": order.application_id,
            "receipt_no": order.application.receipt_no, "fee_code": order.fee_code,
            "fee_name": order.fee_name, "amount_fen": order.amount_fen,
            "amount_yuan": order.amount_yuan, "state": order.state, "created_at": order.created_at,
            "paid_at": order.paid_at, "refunded_at": order.refunded_at}


def _own(request, order_no) -> FeeOrder:
    return owned_or_404(FeeOrder.objects.select_related("application"), request.auth,
                        owner="application__owner", order_no=order_no)


@router.get("", response=list[FeeOrderOut], summary="My fee orders")
def mine(request):
    return [_out(o) for o in FeeOrder.objects.filter(application__owner=request.auth)
            .select_related("application")[:200]]


@router.get("/{order_no}", response={200: FeeOrderOut, 404: ErrorOut}, summary="One fee order")
def one(request, order_no: str):
    return Status(200, _out(_own(request, order_no)))


@router.post("/{order_no}/pay", response={200: PayOut, 404: ErrorOut, 409: ErrorOut, 503: ErrorOut},
             summary="Start paying: open the order at the gateway and get its pay page")
def pay(request, order_no: str):
    order = _own(request, order_no)
    back = request.build_absolute_uri(reverse("payments:order", args=[order.order_no]))
    try:
        return Status(200, {"order_no": order.order_no, "pay_url": services.start_payment(order, back)})
    except services.Mismatch:
        return Status(409, {"error": {"code": "not_payable", "message": _("This fee cannot be paid now.")}})
    except GatewayError:
        message = _("The payment service is not reachable. Please try again later.")
        return Status(503, {"error": {"code": "gateway_unavailable", "message": message}})


@router.get("/{order_no}/receipt", response={404: ErrorOut}, summary="The receipt (PDF)")
def receipt_pdf(request, order_no: str):
    order = _own(request, order_no)
    if order.state not in (FeeOrder.State.PAID, FeeOrder.State.REFUNDING, FeeOrder.State.REFUNDED):
        raise Http404
    return HttpResponse(receipt.render(order), content_type="application/pdf")
