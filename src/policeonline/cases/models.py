"""Cases in the back office. A case's status is derived from its append-only event log; the
``state`` column is that derivation cached, written only by ``cases.engine`` in the same
transaction as the event it follows from (``engine.replay`` recomputes it to prove it)."""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from policeonline.core.protected import EncryptedTextField
from policeonline.core.storage import private_storage
from policeonline.workflow import template


class Case(models.Model):
    receipt_no = models.CharField(_("receipt number"), max_length=24, unique=True)
    application_id = models.UUIDField(unique=True, editable=False)
    account_ref = models.CharField(max_length=40, db_index=True, editable=False)
    item_code = models.CharField(_("service item"), max_length=10, db_index=True)
    workflow = models.CharField(_("workflow"), max_length=32)
    department_code = models.CharField(_("department"), max_length=32)
    state = models.CharField(_("status"), max_length=32)
    is_open = models.BooleanField(default=True)
    outcome = models.CharField(_("outcome"), max_length=12, blank=True)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="claimed_cases", verbose_name=_("handled by"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    applicant_kind = models.CharField(max_length=10)
    applicant_name = models.CharField(_("applicant"), max_length=50)
    applicant_id_number = EncryptedTextField()
    applicant_id_masked = models.CharField(_("ID number"), max_length=18)
    applicant_id_digest = models.CharField(max_length=64, db_index=True)
    applicant_phone = EncryptedTextField()
    company_name = models.CharField(_("company"), max_length=100, blank=True)
    credit_code = models.CharField(max_length=18, blank=True)
    data_json = EncryptedTextField()
    round = models.PositiveSmallIntegerField(default=1)
    submitted_at = models.DateTimeField(_("submitted"))
    accepted_on = models.DateField(_("accepted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Deadlines in working days: ``due_date`` is the legal time limit once the clock started
    # (extended by paused working days), ``step_due`` the current step's own limit.
    due_date = models.DateField(_("due"), null=True, blank=True)
    step_due = models.DateField(_("step due"), null=True, blank=True)
    due_provisional = models.BooleanField(default=False)
    paused_on = models.DateField(null=True, blank=True)
    # The earlier of the two, kept as a column so the queue sorts and filters on an index.
    next_due = models.DateField(null=True, blank=True)
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # The queue: a department's open cases, most urgent first.
            models.Index(fields=["department_code", "is_open", "next_due", "id"], name="case_queue"),
            models.Index(fields=["department_code", "state", "next_due", "id"], name="case_queue_state"),
            models.Index(fields=["claimed_by", "is_open", "next_due", "id"], name="case_claimed"),
            models.Index(fields=["department_code", "-closed_at", "-id"], condition=models.Q(is_open=False),
                         name="case_closed"),
        ]

    def __str__(self):
        return self.receipt_no

    def save(self, *args, **kwargs):
        self.next_due = self.effective_due if self.is_open else None
        super().save(*args, **kwargs)

    @property
    def template(self):
        return template(self.workflow)

    @property
    def state_label(self) -> str:
        return self.template.label_of(self.state)

    @property
    def data(self) -> dict:
        return json.loads(self.data_json or "{}")

    @property
    def effective_due(self):
        """The date that matters now: the step's limit while it is tighter than the case's."""
        dates = [d for d in (self.step_due, self.due_date) if d]
        return min(dates) if dates else None


class CaseEvent(models.Model):
    """One entry of a case's log. Never updated or deleted."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=32)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32)
    actor = models.CharField(max_length=100)  # officer number, "applicant" or "system"
    department_code = models.CharField(max_length=32)
    at = models.DateTimeField()
    reason_code = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)  # shown to the applicant where the event is public
    public = models.BooleanField(default=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="one_event_per_seq")]

    def __str__(self):
        return f"{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("case events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("case events are append-only")


def _attachment_path(instance, filename):
    return f"cases/{instance.application_id}/{instance.sha256}"


class Attachment(models.Model):
    """A file that crossed with a submission. Arrives before its case (ordered stream)."""

    application_id = models.UUIDField(db_index=True)
    case = models.ForeignKey(Case, models.PROTECT, null=True, blank=True, related_name="attachments")
    round = models.PositiveSmallIntegerField()
    slot = models.CharField(max_length=40)
    filename = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(storage=private_storage, upload_to=_attachment_path, max_length=200)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application_id", "round", "slot", "sha256"],
                                               name="one_copy_per_file")]

    def __str__(self):
        return f"{self.slot}: {self.filename}"


class Check(models.Model):
    """One line of the automatic information comparison (信息比对)."""

    class Outcome(models.TextChoices):
        PASS = "pass", _("Pass")
        WARN = "warn", _("Check")
        FAIL = "fail", _("Fail")

    case = models.ForeignKey(Case, models.CASCADE, related_name="checks")
    round = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=40)
    outcome = models.CharField(max_length=4, choices=Outcome.choices)
    declared = models.CharField(max_length=200, blank=True)
    registry_value = models.CharField(max_length=200, blank=True)
    message = models.CharField(max_length=300)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.code}: {self.outcome}"

    @property
    def declared_shown(self) -> str:
        """What the applicant declared, district codes labelled in the reader's language."""
        from policeonline.registry.coded import shown

        return shown(self.declared)

    @property
    def registry_shown(self) -> str:
        """What the registry holds, its codes labelled in the reader's language."""
        from policeonline.registry.coded import shown

        return shown(self.registry_value)
