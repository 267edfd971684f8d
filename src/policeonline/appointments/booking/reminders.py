"""Reminders the working day before: an in-site message and an SMS, once per booking and slot
(``reminded_at`` is set in the same transaction as the message; a reschedule clears it)."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from policeonline.notifications.notify import tell

from .calendar import next_working_days
from .models import Booking


def due(today: date):
    """Bookings to remind today: those whose slot falls after today, up to and including the
    next working day (so a Monday visit is reminded on Friday)."""
    (next_day, _provisional), = next_working_days(today, 1)
    return Booking.objects.filter(status=Booking.Status.BOOKED, reminded_at=None,
                                  slot__starts_at__date__gt=today,
                                  slot__starts_at__date__lte=next_day)


def send_reminders(today: date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for pk in list(due(today).values_list("pk", flat=True)):
        with transaction.atomic():
            # Locked and checked again: two runners at once remind each booking once.
            booking = due(today).select_for_update(skip_locked=True, of=("self",)).select_related(
                "owner", "slot", "hall").filter(pk=pk).first()
            if booking is None:
                continue
            start = timezone.localtime(booking.slot.starts_at)
            tell(booking.owner, "appointment.reminder", {
                "reference": booking.reference, "hall": booking.hall.pk,
                "start": f"{start:%Y-%m-%d %H:%M}"}, link=reverse("appointments:detail", args=[booking.pk]))
            booking.reminded_at = timezone.now()
            booking.save(update_fields=["reminded_at", "updated_at"])
            sent += 1
    return sent
