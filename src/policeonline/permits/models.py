"""Zones, the citizen's vehicle facts from the registry, each zone's day count, and permits.

``ZoneDay`` is the quota counter of one zone on one day: every issue and cancel changes it
under its row lock (``services``), and a check constraint keeps ``used`` within the quota the
row was created with. A plate holds at most one valid permit per zone and day (partial unique
index), so even a bug in the service cannot sell a vehicle two seats.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PermitZone(models.Model):
    """One zone of ``core/data/permit_zones.yaml`` (``manage.py load_permit_zones``)."""

    code = models.CharField(max_length=20, unique=True)
    name_zh = models.CharField(max_length=40)
    name_en = models.CharField(max_length=80)
    windows = models.JSONField(default=list)
    needs_permit = models.JSONField(default=list)
    banned = models.JSONField(default=list)
    min_emission = models.PositiveSmallIntegerField()
    daily_quota = models.PositiveIntegerField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class VehicleFactsRequest(models.Model):
    """The latest ask for a citizen's vehicle facts, and when the answer came."""

    account = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE,
                                   related_name="permit_facts")
    request_id = models.CharField(max_length=36, unique=True)
    requested_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    as_of = models.DateTimeField(null=True, blank=True)  # the registry's time of the facts

    def __str__(self):
        return self.request_id


class OwnedVehicle(models.Model):
    """A citizen's vehicle as the registry described it in the latest answer (replaced whole)."""

    account = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                                related_name="permit_vehicles")
    plate = models.CharField(_("plate number"), max_length=10)
    plate_type = models.CharField(max_length=2)
    vehicle_type = models.CharField(_("vehicle type"), max_length=2)
    emission_standard = models.PositiveSmallIntegerField(_("emission standard"))
    inspection_valid_until = models.DateField(_("inspection valid until"), null=True, blank=True)
    unpaid_violations = models.PositiveSmallIntegerField(default=0)
    in_use = models.BooleanField(default=True)

    class Meta:
        ordering = ["plate"]
        constraints = [models.UniqueConstraint(fields=["account", "plate"],
                                               name="permit_vehicle_once_per_account")]

    def __str__(self):
        return self.plate


class ZoneDay(models.Model):
    zone = models.ForeignKey(PermitZone, models.PROTECT, related_name="days")
    day = models.DateField()
    quota = models.PositiveIntegerField()
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zone", "day"], name="permit_zone_day_once"),
            models.CheckConstraint(condition=Q(used__lte=F("quota")), name="permit_quota_kept"),
        ]

    def __str__(self):
        return f"{self.zone.code} {self.day}: {self.used}/{self.quota}"

    @property
    def left(self) -> int:
        return max(self.quota - self.used, 0)


class Permit(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        CANCELLED = "cancelled", _("Cancelled")

    serial = models.CharField(_("permit number"), max_length=32, unique=True)
    account = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="permits")
    zone = models.ForeignKey(PermitZone, models.PROTECT, related_name="permits")
    day = models.DateField(_("date"))
    plate = models.CharField(_("plate number"), max_length=10)
    vehicle_type = models.CharField(_("vehicle type"), max_length=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.VALID)
    code = models.CharField(max_length=1200)  # the signed PSO1 code in the QR
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "-issued_at"]
        constraints = [models.UniqueConstraint(fields=["zone", "day", "plate"],
                                               condition=Q(status="valid"),
                                               name="one_permit_per_vehicle_zone_day")]
        indexes = [models.Index(fields=["account", "-day"], name="permit_by_account")]

    def __str__(self):
        return self.serial
