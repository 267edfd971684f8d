"""A visit the hall expects: the portal's booking as last reported (``revision``), plus what
the hall officer recorded. Written only by ``handlers`` (from the portal) and ``services``."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from policeonline.appointments.models import Hall


class Visit(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Expected")
        CANCELLED = "cancelled", _("Cancelled")
        ARRIVED = "arrived", _("Arrived")
        NO_SHOW = "no_show", _("Did not come")

    booking_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("booking number"), max_length=16)
    revision = models.PositiveIntegerField(default=0)
    hall = models.ForeignKey(Hall, models.PROTECT, related_name="visits")
    item_code = models.CharField(_("service item"), max_length=10)
    application_id = models.UUIDField(null=True, blank=True)
    receipt_no = models.CharField(_("receipt number"), max_length=24, blank=True)
    account_ref = models.CharField(max_length=40)
    name = models.CharField(_("name"), max_length=50)
    id_masked = models.CharField(_("ID number"), max_length=18)
    starts_at = models.DateTimeField(_("time"))
    ends_at = models.DateTimeField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    marked_by = models.CharField(max_length=100, blank=True)
    marked_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["hall", "starts_at"], name="visit_day_list")]

    def __str__(self):
        return self.reference
