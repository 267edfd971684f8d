"""The daily figures as the intranet published them: codes and counts, nothing personal."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..rows import FiguresRow


class PublishedFigures(FiguresRow):
    updated_at = models.DateTimeField()  # when the intranet computed this version

    class Meta:
        verbose_name = _("published figures")
        verbose_name_plural = _("published figures")
        constraints = [models.UniqueConstraint(fields=["day", "item_code", "department_code"],
                                               name="stats_portal_one_row")]
        indexes = [models.Index(fields=["item_code", "day"], name="stats_portal_item_day"),
                   models.Index(fields=["department_code", "day"], name="stats_portal_dept_day")]
