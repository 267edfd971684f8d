"""The portal's own copy of the log. A head is published only after the portal has checked
it against these leaves; a leaf once stored is never replaced."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Leaf(models.Model):
    index = models.BigIntegerField(primary_key=True)
    text = models.CharField(max_length=600)
    leaf = models.CharField(max_length=64)
    tag = models.CharField(max_length=64, db_index=True)

    def __str__(self):
        return f"#{self.index}"


class CaseLink(models.Model):
    """Which application a case tag is, and its salt: only for the applicant's proof."""

    tag = models.CharField(max_length=64, primary_key=True)
    application_id = models.UUIDField(db_index=True)
    salt = models.CharField(max_length=32)

    def __str__(self):
        return self.tag[:12]


class TreeHead(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for its entries")
        PUBLISHED = "published", _("Checked and published")
        REJECTED = "rejected", _("Refused by the portal")

    size = models.BigIntegerField(unique=True)
    root = models.CharField(max_length=64)
    timestamp = models.CharField(max_length=30)
    kid = models.CharField(max_length=40)
    public_key = models.CharField(max_length=44)
    signature = models.CharField(max_length=88)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    problem = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-size"]
        indexes = [models.Index(fields=["status", "-size"], name="tlog_head_status")]

    def __str__(self):
        return f"{self.size} {self.root[:12]}"

    @property
    def sth(self) -> dict:
        return {"size": self.size, "root": self.root, "timestamp": self.timestamp, "kid": self.kid,
                "signature": self.signature}


class Alarm(models.Model):
    """Something the intranet sent that contradicts what the portal already holds."""

    index = models.BigIntegerField(null=True, blank=True)
    message = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return self.message
