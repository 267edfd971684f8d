from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from policeonline.core.storage import private_storage


class OfficerMessage(models.Model):
    """An in-site message to an officer (the back office's inbox): alerts, report notices."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="inbox")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("officer message")
        verbose_name_plural = _("officer messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="officer_unread")]

    def __str__(self):
        return self.title


class Alert(models.Model):
    """A case that became overdue or due soon, alerted once per condition (the unique row is
    what makes the scan idempotent)."""

    class Condition(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="supervision_alerts")
    condition = models.CharField(max_length=10, choices=Condition.choices)
    due = models.DateField()
    department_code = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "condition"], name="one_alert_per_condition")]

    def __str__(self):
        return f"{self.case_id} {self.condition}"


def _report_path(instance, filename):
    return f"supervision/{instance.week_start:%Y-%m-%d}/{filename}"


class WeeklyReport(models.Model):
    """The week's figures for one department, or bureau-wide (``department_code`` empty)."""

    week_start = models.DateField(_("week from"))
    week_end = models.DateField(_("week to"))
    department_code = models.CharField(_("department"), max_length=32, blank=True)
    pdf = models.FileField(storage=private_storage, upload_to=_report_path, max_length=200)
    csv = models.FileField(storage=private_storage, upload_to=_report_path, max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        ordering = ["-week_start", "department_code"]
        constraints = [models.UniqueConstraint(fields=["week_start", "department_code"],
                                               name="one_report_per_week_and_scope")]

    def __str__(self):
        return f"{self.week_start} {self.department_code or 'bureau'}"
