"""Every real-name verification the intranet answered, and the duty alerts some raise."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VerificationRecord(models.Model):
    class Outcome(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    class Reason(models.TextChoices):  # the codes of messages.identity.REASONS
        MATCH = "match", _("Name and ID number match the registry")
        NOT_FOUND = "not_found", _("ID number not in the registry")
        NAME_MISMATCH = "name_mismatch", _("Name differs from the registry")
        RECORD_INACTIVE = "record_inactive", _("Registration not active")
        RECORD_MISMATCH = "record_mismatch", _("Registry details differ from the number")

    request_id = models.CharField(max_length=36, unique=True)
    account_ref = models.CharField(_("internet account"), max_length=40)
    declared_name = models.CharField(_("declared name"), max_length=50)
    id_digest = models.CharField(max_length=64, db_index=True, editable=False)
    id_masked = models.CharField(_("ID number"), max_length=18)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    wanted_hit = models.BooleanField(_("wanted-person match"), default=False)
    envelope_id = models.CharField(max_length=36)
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("verification record")

    def __str__(self):
        return f"{self.id_masked} {self.outcome}"


class DutyAlert(models.Model):
    """Something the duty officer (值班民警) must see now, e.g. a wanted person came forward."""

    kind = models.CharField(_("kind"), max_length=40)
    summary = models.CharField(_("summary"), max_length=200)
    id_masked = models.CharField(_("ID number"), max_length=18, blank=True)
    detail = models.JSONField(default=dict)
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True, db_index=True)
    acknowledged_by = models.CharField(_("acknowledged by"), max_length=30, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("duty alert")

    def __str__(self):
        return self.summary
