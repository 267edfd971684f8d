"""Pools of plate numbers released for online selection.

A number is in at most one live pool: ``PoolNumber.plate`` is unique among rows that are not
withdrawn (a withdrawn number may be released again later, in a new pool). Numbers on
registered vehicles, in a reserved series or matching a blocked combination are never
released (``release.candidates``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from policeonline.core.plate_rules import TYPES


class Pool(models.Model):
    class Method(models.TextChoices):
        COUNT = "count", _("A number of random numbers")
        PATTERN = "pattern", _("Every number matching a pattern")

    code = models.CharField(_("pool"), max_length=20, unique=True)
    prefix = models.CharField(_("issuing authority"), max_length=2)
    plate_type = models.CharField(_("plate type"), max_length=2, choices=list(TYPES.items()))
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    spec = models.CharField(_("count or pattern"), max_length=20)
    note = models.CharField(_("note"), max_length=200, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    released_at = models.DateTimeField(_("released at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plate pool")
        verbose_name_plural = _("plate pools")
        ordering = ["-released_at", "-id"]

    def __str__(self):
        return self.code


class PoolNumber(models.Model):
    class Status(models.TextChoices):
        RELEASED = "released", _("Released (free or held online)")
        ALLOCATED = "allocated", _("Allocated")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    pool = models.ForeignKey(Pool, models.PROTECT, related_name="numbers")
    plate = models.CharField(_("plate number"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.RELEASED)
    application_id = models.UUIDField(null=True, blank=True)
    receipt_no = models.CharField(_("receipt number"), max_length=24, blank=True)
    mode = models.CharField(max_length=8, blank=True)
    allocated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pool number")
        verbose_name_plural = _("pool numbers")
        constraints = [
            models.UniqueConstraint(fields=["plate"], condition=~Q(status="withdrawn"),
                                    name="plate_in_one_live_pool"),
            models.UniqueConstraint(fields=["application_id"], name="one_plate_per_application"),
        ]
        indexes = [models.Index(fields=["pool", "status"], name="pool_number_status")]

    def __str__(self):
        return self.plate


class PlateRule(models.Model):
    """A series never released: reserved (police, official, special use) or blocked
    (offensive or confusable combinations). Data, kept in the admin."""

    class Kind(models.TextChoices):
        RESERVED = "reserved", _("Reserved series")
        BLOCKED = "blocked", _("Blocked combination")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    pattern = models.CharField(_("pattern"), max_length=60,
                               help_text=_("A regular expression searched in the serial (the part "
                                           "after the authority prefix), e.g. ^00 or SB."))
    plate_types = models.CharField(_("plate types"), max_length=20, blank=True,
                                   help_text=_("Comma-separated; empty for all."))
    reason = models.CharField(_("reason"), max_length=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("plate rule")
        verbose_name_plural = _("plate rules")
        ordering = ["kind", "pattern"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.pattern}"

    def applies_to(self, plate_type: str) -> bool:
        return not self.plate_types or plate_type in [t.strip() for t in self.plate_types.split(",")]


class PoolStock(models.Model):
    """The portal's last report of a pool: what is free and held exists only there."""

    pool = models.OneToOneField(Pool, models.CASCADE, primary_key=True, related_name="stock")
    free = models.PositiveIntegerField(_("free online"))
    held = models.PositiveIntegerField(_("held online"))
    allocated = models.PositiveIntegerField(_("allocated online"))
    withdrawn = models.PositiveIntegerField(_("withdrawn online"))
    reported_at = models.DateTimeField(_("reported at"))

    class Meta:
        verbose_name = _("pool stock")
        verbose_name_plural = _("pool stocks")

    def __str__(self):
        return f"{self.pool_id}: {self.free} free"
