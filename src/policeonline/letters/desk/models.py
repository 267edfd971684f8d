"""Letters as the departments handle them: routed to one department, due on a working day,
claimed by one officer, answered, perhaps transferred or escalated; every step appended to
the letter's log (``LetterEvent``), never edited."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from policeonline.catalog.models import Department
from policeonline.core.protected import EncryptedTextField


class Letter(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        COMPLAINT = "complaint", _("Complaint")
        MAILBOX = "mailbox", _("Director's mailbox")

    class State(models.TextChoices):
        OPEN = "open", _("Awaiting an answer")
        ANSWERED = "answered", _("Answered")

    id = models.UUIDField(primary_key=True)  # the portal's letter id
    tracking_no = models.CharField(_("tracking number"), max_length=17, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=10)
    topic_label = models.CharField(_("topic"), max_length=120)
    department = models.ForeignKey(Department, models.PROTECT, related_name="letters")
    subject = models.CharField(_("subject"), max_length=100)
    text = models.TextField(_("text"))
    anonymous = models.BooleanField(default=False)
    writer_name = models.CharField(max_length=50, blank=True)
    contact_phone = EncryptedTextField(blank=True)
    publish_consent = models.BooleanField(default=False)
    received_at = models.DateTimeField()
    due_date = models.DateField(_("due date"), db_index=True)
    due_provisional = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN, db_index=True)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+")
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+")
    escalated_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    public_question = models.TextField(blank=True)
    public_answer = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "received_at"]
        indexes = [models.Index(fields=["department", "state", "due_date"])]

    def __str__(self):
        return self.tracking_no

    @property
    def may_publish(self) -> bool:
        return self.publish_consent and self.kind == self.Kind.CONSULTATION


class Attachment(models.Model):
    letter = models.ForeignKey(Letter, models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    content = models.BinaryField()

    def __str__(self):
        return self.filename


ACTIONS = {"received": _("Received and routed"), "claimed": _("Claimed"), "answered": _("Answered"),
           "transferred": _("Transferred"), "published": _("Published as public Q&A"),
           "rated": _("Rated by the writer"), "escalated": _("Overdue: escalated to supervisors")}


class LetterEvent(models.Model):
    letter = models.ForeignKey(Letter, models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.CharField(max_length=100)
    action = models.CharField(max_length=30)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.letter_id} {self.action}"

    @property
    def label(self):
        return ACTIONS.get(self.action, self.action)
