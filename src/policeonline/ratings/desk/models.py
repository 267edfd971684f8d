"""Ratings of cases as the intranet keeps them, and the rectification a poor one opens.

``Rating`` is read by the public statistics (satisfaction per department and item): keep
``case``, ``level`` (1–5, 5 = 非常满意), ``comment``, ``rated_at`` and ``kind``."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..levels import COMMENT_MAX, Kind, Level


class Rating(models.Model):
    ref = models.UUIDField(unique=True, editable=False)  # the portal's rating id (idempotency)
    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="ratings")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.CASE)
    level = models.PositiveSmallIntegerField(_("rating"), choices=Level.choices)
    comment = models.CharField(_("comment"), max_length=COMMENT_MAX, blank=True)
    rated_at = models.DateTimeField(_("rated"))
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-rated_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="one_rating_per_case_and_kind"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="rating_level_1_5"),
        ]
        indexes = [models.Index(fields=["kind", "rated_at"], name="rating_kind_time")]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.level}"


class RectificationTask(models.Model):
    """整改: opened by a poor rating, for the case's department, due in 15 working days."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLAIMED = "claimed", _("Being handled")
        ANSWERED = "answered", _("Answered")

    ref = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)  # crosses as task_id
    case = models.OneToOneField("cases.Case", models.PROTECT, related_name="rectification")
    rating = models.OneToOneField(Rating, models.PROTECT, related_name="rectification")
    department_code = models.CharField(_("department"), max_length=32)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    due_date = models.DateField(_("due"))
    due_provisional = models.BooleanField(default=False)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="rectifications", verbose_name=_("handled by"))
    answer = models.TextField(_("what was done"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    overdue_since = models.DateField(null=True, blank=True)  # set by the periodic escalation
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        verbose_name = _("rectification task")
        verbose_name_plural = _("rectification tasks")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["department_code", "status", "due_date"], name="rectification_queue")]

    def __str__(self):
        return f"{self.case_id} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.ANSWERED
