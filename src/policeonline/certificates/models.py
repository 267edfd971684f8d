"""The certificate record, in both zones: the intranet's original and the portal's mirror.

The PDF is kept in the row (encrypted, as it shows the holder's full name and ID number):
it commits and rolls back with the record and its envelope, has no URL of its own, and is only
served through the owner's download view. List queries defer it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import EncryptedBinaryField


class CertificateQuerySet(models.QuerySet):
    def light(self):
        return self.defer("pdf")


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    serial = models.CharField(_("serial number"), max_length=32, unique=True)
    receipt_no = models.CharField(_("receipt number"), max_length=40, db_index=True)
    account_ref = models.CharField(_("account"), max_length=40, db_index=True)
    item_code = models.CharField(_("item"), max_length=32)
    title = models.CharField(_("title"), max_length=64)
    holder_name_masked = models.CharField(_("holder"), max_length=32)
    holder_id_masked = models.CharField(_("holder's ID number"), max_length=32)
    issued_at = models.DateTimeField(_("issued at"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.VALID)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=200, blank=True)
    key_id = models.CharField(_("signing key"), max_length=64)
    code = models.CharField(_("signed code"), max_length=1200)
    content_digest = models.CharField(_("content digest"), max_length=128)
    content_salt = models.CharField(max_length=64, blank=True)  # intranet only; never sent
    pdf = EncryptedBinaryField(_("PDF"), editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("electronic certificate")
        verbose_name_plural = _("electronic certificates")

    def __str__(self):
        return f"{self.serial} {self.title}"

    def state_on(self, day=None) -> str:
        """valid, revoked or expired (on ``day``, by default today in the bureau's time zone)."""
        if self.status == self.Status.REVOKED:
            return "revoked"
        day = day or timezone.localdate()
        return "expired" if self.valid_until and self.valid_until < day else "valid"
