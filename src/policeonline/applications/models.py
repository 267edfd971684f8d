"""The citizen's side of an application. Until submission it is a draft the citizen edits;
after, its status is whatever the intranet's case log says, applied in log order from
``case.updated`` envelopes (``last_seq``), and the timeline is the events received."""

import json
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from policeonline.core.protected import EncryptedTextField
from policeonline.core.storage import private_storage
from policeonline.workflow import template, templates

LOCAL_STATES = {
    "draft": _("Draft"),
    "sent": _("Sent, awaiting the department"),
}


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")  # submitted here, not yet received there
        OPEN = "open", _("Being processed")
        CLOSED = "closed", _("Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="applications")
    item_code = models.CharField(_("service item"), max_length=10)
    workflow = models.CharField(max_length=32, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    state = models.CharField(max_length=32, default="draft")  # the case's state, as last told
    outcome = models.CharField(max_length=12, blank=True)
    data_json = EncryptedTextField(default="{}")
    receipt_no = models.CharField(_("receipt number"), max_length=24, unique=True, null=True, blank=True)
    round = models.PositiveSmallIntegerField(default=0)  # submissions sent (1 + resubmissions)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    due_provisional = models.BooleanField(default=False)
    last_seq = models.PositiveIntegerField(default=0)
    supplement_note = models.TextField(blank=True)
    supplement_fields = models.JSONField(default=list, blank=True)
    supplement_slots = models.JSONField(default=list, blank=True)
    pending_action = models.CharField(max_length=12, blank=True)  # withdraw/resubmit sent, no answer yet

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["owner", "-updated_at"], name="application_owner")]

    def __str__(self):
        return self.receipt_no or str(self.id)

    @property
    def data(self) -> dict:
        return json.loads(self.data_json or "{}")

    def keep_related(self, **related) -> None:
        """Hold already-read related rows (``attachments=[…]``) as Django's prefetching does,
        so ``app.attachments.all()`` answers from them without another query."""
        cache = self.__dict__.setdefault("_prefetched_objects_cache", {})
        for name, rows in related.items():
            queryset = getattr(self, name).all()
            queryset._result_cache, queryset._prefetch_done = list(rows), True
            cache[name] = queryset

    @property
    def item(self):
        from policeonline.catalog.cache import item_by_code

        return item_by_code(self.item_code)

    @property
    def state_label(self) -> str:
        return state_label(self.workflow, self.state)

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT or (self.state == "supplement" and not self.pending_action)

    @property
    def due_for(self) -> str | None:
        """What ``due_date`` is the deadline for: ``acceptance`` until the department accepts
        (the case then sends the acceptance step's limit), ``completion`` after (the legal time
        limit). Reads the ``clock_started`` annotation when the query made one."""
        if not self.due_date:
            return None
        started = self.__dict__.get("clock_started")
        if started is None:
            started = any(e.action in clock_starting_actions() for e in self.events.all())
        return "completion" if started else "acceptance"

    @property
    def awaiting_supplement(self) -> bool:
        return self.state == "supplement" and not self.pending_action

    @property
    def withdrawable(self) -> bool:
        if self.pending_action or self.status not in (self.Status.SENT, self.Status.OPEN):
            return False
        if self.status == self.Status.SENT:
            return True
        tpl = template(self.workflow)
        withdraw = tpl.transition("withdraw")
        return withdraw is not None and self.state in withdraw.from_


def state_label(workflow: str, state: str) -> str:
    """What the citizen is told of a state: ours before the case exists, then its workflow's."""
    if state in LOCAL_STATES:
        return LOCAL_STATES[state]
    return template(workflow).label_of(state) if workflow else state


def clock_starting_actions() -> set[str]:
    """The actions by which a department accepts an application (they start the legal clock)."""
    return {t.name for tpl in templates().values() for t in tpl.transitions if t.starts_clock}


def _attachment_path(instance, filename):
    return f"applications/{instance.application_id}/{instance.sha256}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, models.CASCADE, related_name="attachments")
    slot = models.CharField(max_length=40)
    round = models.PositiveSmallIntegerField()  # the submission round it belongs to
    filename = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(storage=private_storage, upload_to=_attachment_path, max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot", "-uploaded_at"]
        constraints = [models.UniqueConstraint(fields=["application", "round", "slot"],
                                               name="one_file_per_slot_and_round")]

    def __str__(self):
        return f"{self.slot}: {self.filename}"


class Event(models.Model):
    """One line of the citizen's timeline."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField(null=True, blank=True)  # the case log's number, if from there
    action = models.CharField(max_length=32)
    state = models.CharField(max_length=32)
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    reason_code = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "seq"], name="one_event_per_case_seq")]

    def __str__(self):
        return f"{self.action} → {self.state}"
