"""Service halls: a projection of ``data/halls.yaml``, rewritten by each load (``halls``);
nothing else writes this table. Both zones hold the same rows."""

from datetime import time
from fnmatch import fnmatchcase

from django.db import models
from django.utils.translation import gettext_lazy as _

from policeonline.catalog.i18n import Bilingual

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Hall(Bilingual, models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)
    address_zh = models.CharField(_("address (Chinese)"), max_length=200)
    address_en = models.CharField(_("address (English)"), max_length=300)
    phone = models.CharField(_("telephone"), max_length=20, blank=True)
    department_code = models.SlugField(_("department"), max_length=32, db_index=True)
    serves = models.JSONField(default=list)  # item-code patterns, e.g. ["CRJ-*"]
    hours = models.JSONField(default=dict)  # {"default": ["09:00-12:00"], "fri": [...]}
    slot_minutes = models.PositiveSmallIntegerField()
    capacity = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("service hall")
        verbose_name_plural = _("service halls")

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        return self.tr("address")

    def serves_item(self, item_code: str) -> bool:
        return any(fnmatchcase(item_code, pattern) for pattern in self.serves)

    def windows(self, weekday: int) -> list[tuple[time, time]]:
        """Opening windows on a working day with this weekday (0 = Monday). A make-up working
        day on a weekend (调休) keeps the default hours."""
        spans = self.hours.get(WEEKDAYS[weekday], self.hours.get("default", []))
        return [tuple(time.fromisoformat(part) for part in span.split("-")) for span in spans]
