"""What pass permits need from the vehicle registry, and the permits the portal issued.

``VehicleFacts`` and ``Violation`` extend the registry's vehicles with what it lacks (vehicle
type, emission standard, inspection date; traffic violations and whether their fines are paid)
without changing the registry's tables. The synthetic generator fills them for the demo.
``IssuedPermit`` is the traffic police's record of each permit reported by the portal.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from policeonline.core.permit_zones import VEHICLE_TYPES
from policeonline.registry.models import Vehicle


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


class VehicleFacts(models.Model):
    vehicle = models.OneToOneField(Vehicle, models.CASCADE, primary_key=True,
                                   related_name="permit_facts")
    vehicle_type = models.CharField(_("vehicle type"), max_length=2,
                                    choices=[(k, v[0]) for k, v in VEHICLE_TYPES.items()])
    emission_standard = models.PositiveSmallIntegerField(_("emission standard"))
    inspection_valid_until = models.DateField(_("inspection valid until"), null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(emission_standard__gte=1,
                                                          emission_standard__lte=6),
                                              name="permit_facts_emission_1_to_6")]

    def __str__(self):
        return f"{self.vehicle_id}: {self.vehicle_type} 国{self.emission_standard}"


class Violation(models.Model):
    vehicle = models.ForeignKey(Vehicle, models.CASCADE, related_name="violations")
    occurred_on = models.DateField(_("date"))
    description = models.CharField(_("violation"), max_length=80)
    fine_yuan = models.PositiveIntegerField(_("fine (yuan)"))
    paid = models.BooleanField(_("fine paid"), default=False)

    class Meta:
        indexes = [models.Index(fields=["vehicle", "paid"], name="violation_unpaid")]

    def __str__(self):
        return f"{self.occurred_on} {self.description}"


class IssuedPermit(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        CANCELLED = "cancelled", _("Cancelled")

    serial = models.CharField(_("permit number"), max_length=32, unique=True)
    zone = models.CharField(_("zone"), max_length=20)
    day = models.DateField(_("date"))
    plate = models.CharField(_("plate number"), max_length=10)
    vehicle_type = models.CharField(_("vehicle type"), max_length=2)
    account_ref = models.CharField(max_length=40)
    issued_at = models.DateTimeField(_("issued at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.VALID)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    envelope_id = models.CharField(max_length=36)

    class Meta:
        ordering = ["zone", "plate"]
        indexes = [models.Index(fields=["day", "zone"], name="issued_permit_by_day")]

    def __str__(self):
        return self.serial
