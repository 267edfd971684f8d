"""Slots and bookings. A slot's ``booked`` counter is changed only by ``services`` with the
slot row locked, and the database refuses ``booked > capacity`` as a last line of defence."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policeonline.appointments.models import Hall


class Slot(models.Model):
    hall = models.ForeignKey(Hall, models.PROTECT, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField()
    booked = models.PositiveSmallIntegerField(default=0)
    provisional = models.BooleanField(default=False)  # the year's holiday schedule is not known

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "starts_at"], name="one_slot_per_hall_and_time"),
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="slot_never_overbooked"),
        ]

    def __str__(self):
        return f"{self.hall.code} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")
        ARRIVED = "arrived", _("Attended")
        NO_SHOW = "no_show", _("Not attended")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("booking number"), max_length=16, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="bookings")
    application = models.ForeignKey("applications.Application", models.SET_NULL, null=True, blank=True,
                                    related_name="bookings")
    item_code = models.CharField(_("service item"), max_length=10)
    hall = models.ForeignKey(Hall, models.PROTECT, related_name="bookings")
    slot = models.ForeignKey(Slot, models.PROTECT, related_name="bookings")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    reschedules = models.PositiveSmallIntegerField(default=0)
    revision = models.PositiveIntegerField(default=1)  # sent with every envelope about it
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # cancelled, attended or no-show
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "status"], name="booking_owner_status")]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=Q(status="booked"),
                                    name="one_active_booking_per_application"),
            models.UniqueConstraint(fields=["owner", "item_code"],
                                    condition=Q(status="booked", application=None),
                                    name="one_active_booking_per_item_without_application"),
        ]

    def __str__(self):
        return self.reference

    @property
    def item(self):
        """The catalog item booked for (its name in the reader's language), or None."""
        from policeonline.catalog.cache import item_by_code

        return item_by_code(self.item_code)

    @property
    def active(self) -> bool:
        return self.status == self.Status.BOOKED


class PublishedDay(models.Model):
    """The intranet's entered calendar as last published (``calendar.published``, ADR 0029): a
    holiday, make-up working day or single-day override, which wins over the library here."""

    date = models.DateField(primary_key=True)
    working = models.BooleanField()
    name = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'working' if self.working else 'day off'}"


class PublishedCalendar(models.Model):
    """One row: the intranet's calendar revision the ``PublishedDay`` rows come from."""

    revision = models.PositiveBigIntegerField(default=0)
    received_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.revision)
