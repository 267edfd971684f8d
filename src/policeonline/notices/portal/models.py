"""Notices as the portal holds them: exactly what the back office published, nothing more.
A withdrawn notice stays as a row (so a late duplicate cannot bring it back) but is not shown."""

import uuid

from django.db import models
from django.utils.translation import get_language

from policeonline.core.storage import private_storage


class PublishedQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(withdrawn_at__isnull=True)


class PublicNotice(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # the desk's notice_id
    title = models.CharField(max_length=120)
    category = models.CharField(max_length=40, db_index=True)
    category_name = models.CharField(max_length=40)
    category_name_en = models.CharField(max_length=60)
    body = models.TextField()
    department = models.CharField(max_length=60, blank=True)
    published_at = models.DateTimeField(db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-received_at"]

    def __str__(self):
        return self.title

    @property
    def category_label(self) -> str:
        return self.category_name_en if (get_language() or "zh").startswith("en") else self.category_name


def _file_path(instance, filename):
    return f"notices/{instance.notice_id}/{instance.index}-{instance.sha256}"


class PublicAttachment(models.Model):
    """A file of a notice; arrives before the notice itself (same ordered stream)."""

    notice_id = models.UUIDField(db_index=True)
    index = models.PositiveSmallIntegerField()
    filename = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(storage=private_storage, upload_to=_file_path, max_length=200)

    class Meta:
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["notice_id", "index"],
                                               name="one_notice_file_per_index")]

    def __str__(self):
        return self.filename
