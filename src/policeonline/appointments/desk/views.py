"""The hall officer's day list: who is expected when, at the halls of the officer's own
department. Viewing the list (names, masked ID numbers) is audit-logged like a case queue; a
visit at another department's hall is "not found" for this officer."""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policeonline.appointments.models import Hall
from policeonline.audit.log import record
from policeonline.cases import engine
from policeonline.cases.models import Case
from policeonline.catalog.models import Item
from policeonline.workbench.access import officer_required

from . import services
from .models import Visit


def _halls(officer) -> list[Hall]:
    if officer.department is None:
        return []
    return list(Hall.objects.filter(department_code=officer.department.code, active=True))


def _day(raw) -> date:
    try:
        return date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@officer_required
def day_list(request):
    officer = request.user
    halls = _halls(officer)
    if not halls:
        return render(request, "appointments/day_list.html", {"no_halls": True})
    hall = next((h for h in halls if h.code == request.GET.get("hall")), halls[0])
    day = _day(request.GET.get("date"))
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tz)
    visits = list(Visit.objects.filter(hall=hall, starts_at__gte=start,
                                       starts_at__lt=start + timedelta(days=1)).order_by("starts_at", "id"))
    record(officer.username, "appointment.day_list_viewed", f"{hall.code}:{day}")
    cases = {c.application_id: c for c in Case.objects.filter(
        application_id__in=[v.application_id for v in visits if v.application_id])}
    actor = engine.Actor.officer(officer)
    names = {i.code: i.name for i in Item.objects.filter(code__in={v.item_code for v in visits})
             .only("code", "name_zh", "name_en")}
    now = timezone.now()
    rows = []
    for v in visits:
        case = cases.get(v.application_id)
        rows.append({"v": v, "item": f"{v.item_code} {names.get(v.item_code, '')}",
                     "case_url": reverse("cases:detail", args=[case.pk])
                     if case is not None and engine.can_see(actor, case) else "",
                     "can_arrive": v.status == Visit.Status.BOOKED
                     and now >= v.starts_at - services.EARLY_ARRIVAL,
                     "can_no_show": v.status == Visit.Status.BOOKED and now >= v.ends_at})
    counts = {s: sum(1 for v in visits if v.status == s) for s in Visit.Status.values}
    # The next days with visits expected, so the officer can jump to them.
    upcoming = Visit.objects.filter(hall=hall, status=Visit.Status.BOOKED, starts_at__gte=datetime.combine(
        timezone.localdate(), time.min, tz)).datetimes("starts_at", "day", tzinfo=tz)[:7]
    return render(request, "appointments/day_list.html", {
        "halls": halls, "hall": hall, "day": day, "rows": rows, "counts": counts,
        "previous": day - timedelta(days=1), "next": day + timedelta(days=1),
        "upcoming": [d.date() for d in upcoming]})


@officer_required
@require_POST
def mark(request, pk, outcome):
    visit = Visit.objects.select_related("hall").filter(pk=pk).first()
    if visit is None or not services.can_manage(request.user, visit):
        record(request.user.username, "permission.refused", f"visit:{pk}")
        raise Http404
    try:
        marked = services.mark(visit.pk, request.user, outcome)
    except services.NotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Recorded: %(name)s, %(outcome)s.") % {
            "name": visit.name, "outcome": Visit.Status(outcome).label})
        if marked.case_note:  # the arrival stands; the case did not move (ADR 0029)
            messages.warning(request, marked.case_note)
    day = timezone.localtime(visit.starts_at).date()
    query = urlencode({"hall": visit.hall.code, "date": day})
    return redirect(f"{reverse('appointment_desk:day_list')}?{query}")
