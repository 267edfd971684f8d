"""The daily figures as the intranet published them: codes and counts, nothing personal."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedFigures(models.Model):
    day = models.DateField(_("day"))
    item_code = models.CharField(_("service item"), max_length=10)
    department_code = models.CharField(_("department"), max_length=32)
    received = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    working_days = models.PositiveBigIntegerField(default=0)
    ratings = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()  # when the intranet computed this version

    class Meta:
        verbose_name = _("published figures")
        verbose_name_plural = _("published figures")
        constraints = [models.UniqueConstraint(fields=["day", "item_code", "department_code"],
                                               name="stats_portal_one_row")]
        indexes = [models.Index(fields=["item_code", "day"], name="stats_portal_item_day"),
                   models.Index(fields=["department_code", "day"], name="stats_portal_dept_day")]

    def __str__(self):
        return f"{self.day} {self.item_code} {self.department_code}"
