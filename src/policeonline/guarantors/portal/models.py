"""A request to vouch for an applicant, addressed to one guarantor account. One per
nomination: naming another guarantor (after a decline or timeout) makes a new request and
supersedes any still open. Only what the guarantor may see is kept in plain text."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GuaranteeRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting your answer")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Not answered in time")
        SUPERSEDED = "superseded", _("Withdrawn by the applicant")

    OPEN = (Status.PENDING,)
    COUNTED = (Status.PENDING, Status.CONFIRMED)  # what the yearly limit counts

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey("applications.Application", models.CASCADE,
                                    related_name="guarantee_requests")
    guarantor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                                  related_name="guarantee_requests")
    round = models.PositiveSmallIntegerField()  # the submission round that named this guarantor
    # What the guarantor sees: the applicant's name, masked ID number and the item.
    applicant_name = models.CharField(max_length=50)
    applicant_id_masked = models.CharField(max_length=18)
    item_code = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    year = models.PositiveSmallIntegerField()  # calendar year the request was made (limit)
    due_on = models.DateField()  # last working day to answer
    due_provisional = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["guarantor", "year", "status"], name="guarantee_limit"),
                   models.Index(fields=["status", "due_on"], name="guarantee_due")]

    def __str__(self):
        return f"{self.item_code} {self.applicant_id_masked} → {self.guarantor_id}"

    @property
    def item(self):
        from policeonline.catalog.cache import item_by_code

        return item_by_code(self.item_code)

    @property
    def is_open(self) -> bool:
        """Still to be answered: pending, and the application not closed meanwhile."""
        return self.status == self.Status.PENDING and self.application.status != "closed"
