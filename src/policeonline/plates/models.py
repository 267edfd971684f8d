"""The released numbers and each application's selection.

A number is one row (``plate`` is unique): it is free, held by one application until
``held_until``, allocated to it for good, or withdrawn by the intranet. ``holder`` is unique,
so an application holds or owns at most one number. Every change of a row happens in
``services`` under a row lock with its condition re-checked, so no number goes twice.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policeonline.applications.models import Application
from policeonline.core.plate_rules import TYPES


class ReleasedNumber(models.Model):
    class Status(models.TextChoices):
        FREE = "free", _("Free")
        HELD = "held", _("Held")
        ALLOCATED = "allocated", _("Allocated")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    plate = models.CharField(_("plate number"), max_length=10, unique=True)
    prefix = models.CharField(max_length=2)
    plate_type = models.CharField(_("plate type"), max_length=2, choices=list(TYPES.items()))
    pool = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FREE)
    holder = models.OneToOneField(Application, models.PROTECT, null=True, blank=True,
                                  related_name="plate_number")
    held_until = models.DateTimeField(null=True, blank=True)
    # A withdrawal that found the number held: it leaves the pool when the hold ends.
    withdrawal_pending = models.BooleanField(default=False)
    shuffle = models.IntegerField()  # random order for random displays
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["prefix", "plate_type", "status", "shuffle"],
                                name="plate_free_by_kind")]
        constraints = [
            models.CheckConstraint(
                name="plate_holder_iff_held_or_allocated",
                condition=Q(status__in=["held", "allocated"], holder__isnull=False)
                | (~Q(status__in=["held", "allocated"]) & Q(holder__isnull=True))),
        ]

    def __str__(self):
        return self.plate

    @property
    def serial(self) -> str:
        return self.plate[len(self.prefix):]


def takeable(now=None) -> Q:
    """Free, or held by a hold that has expired (expiry is also applied lazily, here)."""
    now = now or timezone.now()
    return Q(status=ReleasedNumber.Status.FREE) | Q(
        status=ReleasedNumber.Status.HELD, held_until__lt=now, withdrawal_pending=False)


class Selection(models.Model):
    """One application's selection: its attempts, what it was shown, what it chose."""

    application = models.OneToOneField(Application, models.CASCADE, primary_key=True,
                                       related_name="plate_selection")
    prefix = models.CharField(max_length=2)
    plate_type = models.CharField(max_length=2)
    vin = models.CharField(max_length=17, blank=True)  # the vehicle: one plate per vehicle too
    displays_used = models.PositiveSmallIntegerField(default=0)
    compose_used = models.PositiveSmallIntegerField(default=0)
    offered = models.JSONField(default=list, blank=True)  # the last random display
    mode = models.CharField(max_length=8, blank=True)  # how the held/confirmed number was found
    plate = models.CharField(max_length=10, blank=True)  # once confirmed
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vin"], condition=~Q(plate="") & ~Q(vin=""),
                                               name="one_plate_per_vehicle")]

    def __str__(self):
        return f"{self.application_id}: {self.plate or '—'}"
