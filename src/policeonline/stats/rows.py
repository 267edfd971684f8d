"""The columns of one day's figures for one item and department: the same on the intranet,
where they are counted, and on the portal, where they are published."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FiguresRow(models.Model):
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

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.day} {self.item_code} {self.department_code}"
