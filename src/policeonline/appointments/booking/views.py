"""The citizen's appointment pages: pick a hall and a free time, see the booking, reschedule
or cancel it. Bookings and applications are looked up by id AND owner: another person's id is
simply not found. All changes go through ``services``."""

import uuid
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from policeonline.applications.models import Application
from policeonline.audit.refusals import owned_or_404
from policeonline.catalog.models import Item

from . import services
from .forms import posted_slot
from .models import Booking
from .rules import limit
from .slots import open_slots


def _own(request, pk) -> Booking:
    return owned_or_404(Booking.objects.select_related("hall", "slot", "application"),
                        request.user, pk=pk)


def _days(hall) -> list[dict]:
    """The hall's times in the booking horizon, one group per day."""
    rows = open_slots(hall)
    days = [{"day": day, "slots": list(group)}
            for day, group in groupby(rows, key=lambda s: timezone.localtime(s.starts_at).date())]
    opened = False
    for d in days:  # the page folds each day; the first with a free place starts open
        d["free"] = sum(s.free for s in d["slots"])
        d["open"] = bool(d["free"]) and not opened
        opened = opened or d["open"]
    return days


def _subject(request):
    """What is being booked for: an application of this citizen, or an item code."""
    app_id = request.GET.get("application") or request.POST.get("application")
    if app_id:
        try:
            app_id = uuid.UUID(app_id)
        except ValueError:
            raise Http404 from None
        return owned_or_404(Application, request.user, pk=app_id), ""
    return None, (request.GET.get("item") or request.POST.get("item") or "").upper()


@login_required
@require_GET
def mine(request):
    bookings = Booking.objects.filter(owner=request.user).select_related("hall", "slot")[:100]
    waiting = Application.objects.filter(owner=request.user, state="awaiting_visit").exclude(
        bookings__status=Booking.Status.BOOKED)
    return render(request, "appointments/mine.html", {
        "bookings": bookings, "waiting": waiting, "banned_until": services.banned_until(request.user)})


@login_required
def book(request):
    app, item_code = _subject(request)
    code = app.item_code if app else item_code
    item = Item.objects.filter(code=code).first()
    if item is None:
        messages.error(request, _("Choose the service you need the appointment for."))
        return redirect("appointments:mine")
    if request.method == "POST":
        try:
            booking = services.book(request.user, posted_slot(request.POST),
                                    application_id=app.pk if app else None, item_code=code)
        except services.Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your appointment is booked."))
            return redirect("appointments:detail", booking.pk)
    halls = services.halls_for(code)
    hall = next((h for h in halls if h.code == request.GET.get("hall", request.POST.get("hall"))), None)
    if hall is None and len(halls) == 1:
        hall = halls[0]
    return render(request, "appointments/book.html", {
        "app": app, "item": item, "halls": halls, "hall": hall, "days": _days(hall) if hall else [],
        "banned_until": services.banned_until(request.user)}, status=422 if request.method == "POST" else 200)


@login_required
def detail(request, pk):
    booking = _own(request, pk)
    item = Item.objects.filter(code=booking.item_code).first()
    cutoff = limit("APPOINTMENT_RESCHEDULE_CUTOFF_HOURS")
    can_reschedule = (booking.active and booking.reschedules < limit("APPOINTMENT_MAX_RESCHEDULES")
                      and (booking.slot.starts_at - timezone.now()).total_seconds() >= cutoff * 3600)
    return render(request, "appointments/detail.html", {
        "booking": booking, "item": item, "can_reschedule": can_reschedule,
        "can_cancel": booking.active and booking.slot.starts_at > timezone.now(),
        "days": _days(booking.hall) if can_reschedule and request.GET.get("reschedule") else [],
        "reschedules_left": max(limit("APPOINTMENT_MAX_RESCHEDULES") - booking.reschedules, 0),
        "cutoff_hours": cutoff})


@login_required
@require_POST
def reschedule(request, pk):
    booking = _own(request, pk)
    try:
        services.reschedule(request.user, booking.pk, posted_slot(request.POST))
    except services.Refused as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('appointments:detail', args=[booking.pk])}?reschedule=1")
    messages.success(request, _("Your appointment has been moved."))
    return redirect("appointments:detail", booking.pk)


@login_required
@require_POST
def cancel(request, pk):
    booking = _own(request, pk)
    try:
        services.cancel(request.user, booking.pk)
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your appointment has been cancelled."))
    return redirect("appointments:detail", booking.pk)
