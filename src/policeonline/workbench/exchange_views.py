"""The exchange's health and quarantine, for operators and supervisors in the back office."""

from django.core.paginator import Paginator
from django.shortcuts import render

from policeonline.audit.log import record
from policeonline.exchange.models import QuarantinedEnvelope
from policeonline.exchange.status import exchange_status

from .access import officer_with


@officer_with("admin", "auditor", "supervisor")
def exchange_health(request):
    reason = request.GET.get("reason", "")
    rows = QuarantinedEnvelope.objects.filter(released_at=None).defer("data")
    rows = rows.filter(reason=reason) if reason else rows.exclude(reason="duplicate")
    record(request.user.username, "exchange.status.viewed", request.get_full_path())
    return render(request, "workbench/exchange.html", {
        "status": exchange_status(), "reason": reason,
        "page": Paginator(rows, 50).get_page(request.GET.get("page"))})
