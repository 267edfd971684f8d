"""The intranet's daily figures, in their own table: deleting old cases (retention) leaves them
as they were. No case, receipt or person is referred to — only codes and counts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..rows import FiguresRow


class DailyFigures(FiguresRow):
    computed_at = models.DateTimeField()
    published = models.BooleanField(default=False)  # False: changed since last sent to the portal

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        constraints = [models.UniqueConstraint(fields=["day", "item_code", "department_code"],
                                               name="stats_one_row_per_day_item_department")]
        indexes = [models.Index(fields=["published", "id"], name="stats_unpublished")]


class Cursor(models.Model):
    """How far the counting has read a source table (by id), so each run looks only at what
    is new: the days it touched are counted again."""

    source = models.CharField(max_length=32, unique=True)
    last_id = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.source} @ {self.last_id}"
