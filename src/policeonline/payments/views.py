"""The citizen's payment pages and the gateway's callback endpoint. Orders are looked up by
number AND the application's owner: another person's order is simply not found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from policeonline.audit.refusals import owned_or_404

from . import callbacks, receipt, services
from .models import FeeOrder
from .providers import registry
from .providers.base import GatewayError

State = FeeOrder.State


def _own(request, order_no) -> FeeOrder:
    return owned_or_404(FeeOrder.objects.select_related("application"), request.user,
                        owner="application__owner", order_no=order_no)


@login_required
def order(request, order_no):
    fee = _own(request, order_no)
    template = "payments/_status.html" if request.headers.get("HX-Request") else "payments/order.html"
    response = render(request, template, {"order": fee, "app": fee.application})
    # The pay button's form is redirected to the gateway's page: this page's CSP form-action
    # must allow that one origin (browsers apply form-action to the redirect too).
    response._csp_update = {"form-action": [registry.get(fee.provider).pay_origin()]}
    return response


@login_required
@require_POST
def pay(request, order_no):
    fee = _own(request, order_no)
    back = request.build_absolute_uri(reverse("payments:order", args=[fee.order_no]))
    try:
        return redirect(services.start_payment(fee, back))
    except services.Mismatch:
        messages.error(request, _("This fee cannot be paid now."))
    except GatewayError:
        messages.error(request, _("The payment service is not reachable. Please try again later."))
    return redirect("payments:order", fee.order_no)


@login_required
def receipt_pdf(request, order_no):
    fee = _own(request, order_no)
    if fee.state not in (State.PAID, State.REFUNDING, State.REFUNDED):
        raise Http404
    response = HttpResponse(receipt.render(fee), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{fee.order_no}.pdf"'
    return response


@csrf_exempt
@require_POST
def notify(request, provider):
    status, text = callbacks.receive(provider, request.body)
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
