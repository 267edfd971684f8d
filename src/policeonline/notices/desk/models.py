"""A notice as the back office writes it: a draft, submitted, approved (published at once or
at a scheduled time), published, withdrawn. Every step goes through ``services``."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from policeonline.core.storage import private_storage

from ..categories import CATEGORIES, label

TITLE_MAX = 120
BODY_MAX = 20_000


class Notice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        SCHEDULED = "scheduled", _("Approved, scheduled")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # crosses as notice_id
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    category = models.CharField(_("category"), max_length=40,
                                choices=[(code, name) for code, name, _en in CATEGORIES])
    body = models.TextField(_("text"), max_length=BODY_MAX)
    department = models.ForeignKey("catalog.Department", models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.CharField(max_length=500, blank=True)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                 related_name="+")
    publish_at = models.DateTimeField(null=True, blank=True)  # scheduled time, when approved so
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["status", "publish_at"])]

    def __str__(self):
        return self.title

    @property
    def category_label(self) -> str:
        return label(self.category)

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT


def _attachment_path(instance, filename):
    return f"notices/{instance.notice_id}/{instance.sha256}"


class NoticeAttachment(models.Model):
    notice = models.ForeignKey(Notice, models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(storage=private_storage, upload_to=_attachment_path, max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.filename


class NoticeEvent(models.Model):
    """The notice's own history (who did what), shown on its page; the audit log has it too."""

    notice = models.ForeignKey(Notice, models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.CharField(max_length=100)
    action = models.CharField(max_length=40)
    note = models.CharField(max_length=500, blank=True)

    LABELS = {"drafted": _("Draft written"), "edited": _("Draft changed"),
              "attachment_added": _("Attachment added"), "attachment_removed": _("Attachment removed"),
              "submitted": _("Submitted for approval"), "sent_back": _("Sent back"),
              "approved": _("Approved"), "published": _("Published to the portal"),
              "withdrawn": _("Withdrawn")}

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.notice_id} {self.action}"

    @property
    def label(self):
        return self.LABELS.get(self.action, self.action)
