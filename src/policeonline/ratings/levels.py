"""The five levels of 好差评, shared by both zones (5 = 非常满意 … 1 = 非常不满意)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# At or below this level a rating of a case opens a rectification task (不满意, 非常不满意).
POOR = 2
COMMENT_MAX = 500


class Level(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    FAIRLY_SATISFIED = 3, _("Fairly satisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


class Kind(models.TextChoices):
    CASE = "case", _("The handling of the case")
    FOLLOWUP = "followup", _("The rectification follow-up")
