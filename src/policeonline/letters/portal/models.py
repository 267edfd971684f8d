"""The portal's letters: what the writer wrote, where it went, the answer and the rating;
and the public Q&A built from consenting consultations."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from policeonline.core.protected import EncryptedTextField


class Kind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    COMPLAINT = "complaint", _("Complaint")
    MAILBOX = "mailbox", _("Director's mailbox")


class Rating(models.IntegerChoices):  # the same five labels as the service ratings (好差评)
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    FAIRLY_SATISFIED = 3, _("Fairly satisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


class Letter(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Sent to the bureau")
        RECEIVED = "received", _("Being handled")
        ANSWERED = "answered", _("Answered")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tracking_no = models.CharField(_("tracking number"), max_length=17, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                               related_name="letters")
    contact_phone_digest = models.CharField(max_length=64, blank=True, db_index=True)
    contact_phone = EncryptedTextField(blank=True)  # anonymous writers: for the answer's SMS
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=10)
    topic_label = models.CharField(max_length=120)
    subject = models.CharField(_("subject"), max_length=100)
    text = models.TextField(_("text"))
    publish_consent = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    department = models.CharField(max_length=100, blank=True)
    due_date = models.DateField(null=True, blank=True)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["author", "-created_at"]),
                   models.Index(fields=["client_ip", "created_at"])]

    def __str__(self):
        return self.tracking_no


class Attachment(models.Model):
    letter = models.ForeignKey(Letter, models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    content = models.BinaryField()

    def __str__(self):
        return self.filename


class PublicAnswer(models.Model):
    """A consultation published as public Q&A (公开答复): an officer's wording, no personal data."""

    letter = models.OneToOneField(Letter, models.CASCADE, related_name="public_answer")
    topic_label = models.CharField(max_length=120)
    question = models.TextField()
    answer = models.TextField()
    published_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-published_at"]

    def __str__(self):
        return self.question[:40]
