"""The citizen's side: the ratings they gave (one per application and kind) and the
department's follow-up of a poor rating as the intranet reported it."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..levels import COMMENT_MAX, Kind, Level


class PortalRating(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # crosses as rating_id
    application = models.ForeignKey("applications.Application", models.CASCADE, related_name="ratings")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.CASE)
    level = models.PositiveSmallIntegerField(_("rating"), choices=Level.choices)
    comment = models.CharField(_("comment"), max_length=COMMENT_MAX, blank=True)
    rated_at = models.DateTimeField()

    class Meta:
        ordering = ["rated_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="one_portal_rating_per_kind"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5),
                                   name="portal_rating_level_1_5"),
        ]

    def __str__(self):
        return f"{self.application_id} {self.kind} {self.level}"


class FollowUp(models.Model):
    """The rectification of a poor rating, as last told by the intranet."""

    class Status(models.TextChoices):
        OPEN = "open", _("The department is looking into it")
        ANSWERED = "answered", _("The department has answered")

    task_id = models.UUIDField(unique=True)
    application = models.OneToOneField("applications.Application", models.CASCADE, related_name="followup")
    status = models.CharField(max_length=8, choices=Status.choices)
    due_date = models.DateField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    def __str__(self):
        return f"{self.application_id} {self.status}"
