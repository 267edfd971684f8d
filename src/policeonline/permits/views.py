"""The citizen's pass permit pages: ask the registry for one's vehicles, apply (issued at once),
see a permit with its QR code, cancel. Permits are looked up by serial AND owner: another
person's permit is simply not found."""

from datetime import date, timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policeonline.audit.refusals import owned_or_404
from policeonline.certificates.services import verify_url

from . import conf, facts, services
from .eligibility import Refused, emission_name, facts_fresh, type_name
from .models import OwnedVehicle, Permit, PermitZone


def _form_context(request, errors=None, posted=None) -> dict:
    user = request.user
    today = timezone.localdate()
    vehicles = [{"v": v, "type": type_name(v.vehicle_type),
                 "emission": emission_name(v.emission_standard)}
                for v in OwnedVehicle.objects.filter(account=user)]
    return {"vehicles": vehicles, "zones": PermitZone.objects.filter(active=True),
            "days": [today + timedelta(days=n) for n in range(conf.days_ahead() + 1)],
            "fresh": facts_fresh(user), "pending": facts.pending(user),
            "permits": services.mine(user)[:50], "errors": errors or {}, "posted": posted or {},
            "verified": user.verification == user.Verification.VERIFIED}


@login_required
def mine(request):
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "refresh":
                facts.request_facts(request.user)
                messages.info(request, _("Your vehicles are being looked up in the vehicle "
                                         "registry. This usually takes a few seconds."))
                return redirect("permits:mine")
            if action == "apply":
                try:
                    day = date.fromisoformat(request.POST.get("day", ""))
                except ValueError:
                    day = None
                permit = services.issue(request.user, plate=request.POST.get("plate", ""),
                                        zone_code=request.POST.get("zone", ""), day=day)
                messages.success(request, _("Your permit has been issued."))
                return redirect("permits:detail", serial=permit.serial)
        except Refused as refusal:
            return render(request, "permits/mine.html", _form_context(
                request, {"apply": refusal.message}, request.POST), status=422)
    return render(request, "permits/mine.html", _form_context(request))


def _own(request, serial) -> Permit:
    return owned_or_404(Permit.objects.select_related("zone"), request.user, owner="account",
                        serial=serial)


@login_required
def detail(request, serial):
    permit = _own(request, serial)
    url = verify_url(permit.code)
    qr = segno.make(url, error="m").svg_inline(scale=3, title=_("QR code of the permit"))
    return render(request, "permits/detail.html", {
        "permit": permit, "qr": qr, "url": url, "type": type_name(permit.vehicle_type),
        "expired": permit.day < timezone.localdate()})


@login_required
@require_POST
def cancel(request, serial):
    _own(request, serial)
    try:
        services.cancel(request.user, serial)
        messages.success(request, _("The permit has been cancelled."))
    except Refused as refusal:
        messages.error(request, refusal.message)
    return redirect("permits:detail", serial=serial)
