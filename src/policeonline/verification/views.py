from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policeonline.audit.log import record
from policeonline.workbench.access import officer_with

from .models import DutyAlert, VerificationRecord

HISTORY_ROLES = ("supervisor", "auditor", "admin", "duty_officer")
ALERT_ROLES = ("duty_officer", "supervisor", "admin")


@officer_with(*HISTORY_ROLES, departments=("population",))
def history(request):
    records = VerificationRecord.objects.all()
    outcome = request.GET.get("outcome", "")
    if outcome in VerificationRecord.Outcome.values:
        records = records.filter(outcome=outcome)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    record(request.user.username, "verification.history.viewed", request.get_full_path())
    return render(request, "verification/history.html", {"page": page, "outcome": outcome})


@officer_with(*ALERT_ROLES)
def alerts(request):
    record(request.user.username, "duty_alerts.viewed", "")
    return render(request, "verification/alerts.html", {
        "open_alerts": DutyAlert.objects.filter(acknowledged_at=None),
        "done_alerts": DutyAlert.objects.exclude(acknowledged_at=None)[:50]})


@officer_with(*ALERT_ROLES)
@require_POST
def acknowledge(request, pk):
    alert = get_object_or_404(DutyAlert, pk=pk, acknowledged_at=None)
    DutyAlert.objects.filter(pk=alert.pk).update(acknowledged_by=request.user.username,
                                                 acknowledged_at=timezone.now())
    record(request.user.username, "duty_alert.acknowledged", str(alert.pk))
    messages.success(request, _("Alert acknowledged."))
    return redirect("verification:alerts")
