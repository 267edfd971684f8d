"""What the hall recorded comes back: the citizen came, or did not (inside the inbox's
transaction). A no-show counts towards the booking ban (``services.banned_until``). And an
application that closes without a grant gives back the seat its visit had booked."""

from datetime import datetime

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from policeonline.applications.models import Application
from policeonline.audit.log import record
from policeonline.exchange.types import handles
from policeonline.notifications.notify import tell

from . import services
from .models import Booking


@handles("appointment.visit", from_zone="intranet")
def on_visit(body, envelope):
    booking = Booking.objects.select_for_update().select_related("owner", "slot").filter(
        pk=body["booking_id"], reference=body["reference"]).first()
    if booking is None:
        raise LookupError("no booking with this id and number")
    outcome = body["outcome"]
    if booking.status in (Booking.Status.ARRIVED, Booking.Status.NO_SHOW):
        return  # recorded already; the hall records once
    # A citizen who came although they had cancelled did come: the outcome wins.
    booking.status = outcome
    booking.closed_at = datetime.fromisoformat(body["at"].replace("Z", "+00:00"))
    booking.save(update_fields=["status", "closed_at", "updated_at"])
    record("exchange", f"appointment.{outcome}", booking.reference)
    if outcome == Booking.Status.NO_SHOW:
        tell(booking.owner, "appointment.no_show", {"reference": booking.reference},
             link=reverse("appointments:detail", args=[booking.pk]))


@receiver(post_save, sender=Application, dispatch_uid="appointments-close-with-application")
def on_application_saved(sender, instance, **kwargs):
    """An application closed (withdrawn, refused, rejected) frees its booked visit."""
    if instance.status == Application.Status.CLOSED and instance.outcome != "granted":
        services.cancel_for_closed_application(instance)


@handles("calendar.published", from_zone="intranet")
def on_calendar(body, envelope):
    """The intranet's entered calendar replaces the copy here (an older revision changes
    nothing), so a new holiday's slots stop being offered or booked (ADR 0029)."""
    from .calendar import forget
    from .models import PublishedCalendar, PublishedDay

    current = PublishedCalendar.objects.select_for_update().filter(pk=1).first()
    if current is not None and current.revision >= body["revision"]:
        return
    PublishedDay.objects.all().delete()
    PublishedDay.objects.bulk_create(
        PublishedDay(date=datetime.fromisoformat(day["date"]).date(), working=day["working"],
                     name=day["name"]) for day in body["days"])
    PublishedCalendar.objects.update_or_create(pk=1, defaults={"revision": body["revision"]})
    forget()
    record("exchange", "calendar.published", str(body["revision"]), days=len(body["days"]))
