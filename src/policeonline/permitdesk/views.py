"""The traffic police's view of pass permits: per zone and day, who holds one and how much of
the quota is used. The traffic department, auditors and administrators see it; views audited."""

from datetime import date

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from policeonline.audit.log import record
from policeonline.core.permit_zones import VEHICLE_TYPES
from policeonline.workbench.access import officer_with

from .models import IssuedPermit, PermitZone

DEPARTMENT = "traffic"


@officer_with("auditor", "admin", departments=(DEPARTMENT,))
def day_list(request):
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate()
    zones = list(PermitZone.objects.filter(active=True))
    codes = [z.code for z in zones]
    zone = next((z for z in zones if z.code == request.GET.get("zone")), zones[0] if zones else None)
    used = dict(IssuedPermit.objects.filter(day=day, status=IssuedPermit.Status.VALID)
                .values_list("zone").annotate(n=Count("id")))
    rows = [{"zone": z, "used": used.get(z.code, 0),
             "left": max(z.daily_quota - used.get(z.code, 0), 0)} for z in zones]
    permits = (IssuedPermit.objects.filter(day=day, zone=zone.code) if zone
               else IssuedPermit.objects.none())
    record(request.user.username, "permits.day_viewed", f"{zone.code if zone else '-'} {day}")
    return render(request, "permitdesk/day.html", {
        "day": day, "zone": zone, "rows": rows,
        "permits": [(p, VEHICLE_TYPES.get(p.vehicle_type, (p.vehicle_type,))[0]) for p in permits[:500]],
        "codes": codes})
