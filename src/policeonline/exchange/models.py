"""Exchange state in each zone's own database.

Outgoing: a stream counter and the outbox (signed envelope bytes, written in the business
transaction). Incoming: a stream cursor, the inbox (every envelope id ever accepted, applied
or held for ordering) and the quarantine (everything refused, with a reason code).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingStream(models.Model):
    name = models.CharField(max_length=40)
    to_zone = models.CharField(max_length=20)
    next_seq = models.PositiveBigIntegerField(default=1)
    # What the receiver told us it has applied (exclusive upper bound), from its acks.
    acked_upto = models.PositiveBigIntegerField(default=1)
    ack_received_at = models.DateTimeField(null=True, blank=True)
    # [end, start) pairs: numbers skipped when this zone was restored from a backup (ADR 0033).
    jumps = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "to_zone"], name="one_outgoing_stream")]

    def __str__(self):
        return f"→{self.to_zone}/{self.name}"


class OutboxEntry(models.Model):
    envelope_id = models.UUIDField(unique=True)
    stream = models.ForeignKey(OutgoingStream, models.PROTECT, related_name="entries")
    seq = models.PositiveBigIntegerField()
    type = models.CharField(max_length=80)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    shipped_at = models.DateTimeField(null=True, blank=True, db_index=True)
    ship_count = models.PositiveIntegerField(default=0)
    acked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="one_outbox_seq")]
        indexes = [models.Index(fields=["stream", "acked_at", "seq"], name="outbox_unacked")]
        ordering = ["stream", "seq"]

    def __str__(self):
        return f"{self.stream} #{self.seq} {self.type}"


class IncomingStream(models.Model):
    name = models.CharField(max_length=40)
    from_zone = models.CharField(max_length=20)
    next_expected = models.PositiveBigIntegerField(default=1)
    ack_sent_upto = models.PositiveBigIntegerField(default=0)
    ack_sent_at = models.DateTimeField(null=True, blank=True)
    # The sender's [end, start) jumps (ADR 0033): numbers its restores skipped, which its lost
    # history may have used. Never applied; the cursor jumps over them.
    skips = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "from_zone"], name="one_incoming_stream")]

    def __str__(self):
        return f"←{self.from_zone}/{self.name}"

    def after(self, seq: int) -> int:
        """The number expected after ``seq`` has been applied (or refused)."""
        return self.beyond_skips(seq + 1)

    def beyond_skips(self, seq: int) -> int:
        for end, start in sorted(self.skips):
            if end <= seq < start:
                seq = start
        return seq

    def skipped(self, seq: int) -> bool:
        return any(end <= seq < start for end, start in self.skips)


class InboxEntry(models.Model):
    class State(models.TextChoices):
        HELD = "held", _("held for an earlier sequence number")
        APPLIED = "applied", _("applied")
        FAILED = "failed", _("handler failed (quarantined)")

    envelope_id = models.UUIDField(unique=True)
    stream = models.ForeignKey(IncomingStream, models.PROTECT, related_name="entries")
    seq = models.PositiveBigIntegerField()
    type = models.CharField(max_length=80)
    state = models.CharField(max_length=10, choices=State.choices)
    data = models.BinaryField(null=True, blank=True, help_text="kept only while held")
    received_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="one_inbox_seq")]
        indexes = [models.Index(fields=["stream", "state", "seq"], name="inbox_state")]

    def __str__(self):
        return f"{self.stream} #{self.seq} {self.state}"


class Resync(models.Model):
    """A restore handshake (ADR 0033). ``own``: this zone's database was restored from a
    backup; the request (what it still has, where its numbering resumes) is re-sent until the
    other zone confirms. ``peer``: the other zone was restored; applied here once."""

    class Role(models.TextChoices):
        OWN = "own", _("this zone was restored")
        PEER = "peer", _("the other zone was restored")

    role = models.CharField(max_length=4, choices=Role.choices)
    incarnation = models.UUIDField()
    restored_at = models.DateTimeField()
    request = models.JSONField()
    reply = models.JSONField(null=True, blank=True, help_text="own: the other zone's confirmation")
    sent_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True,
                                   help_text="own: confirmation applied; peer: request applied")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["role", "incarnation"], name="one_resync")]

    def __str__(self):
        return f"{self.role} {self.incarnation} {self.restored_at:%Y-%m-%d %H:%M}"


class QuarantinedEnvelope(models.Model):
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    reason = models.CharField(max_length=40, db_index=True)
    detail = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True, help_text="transport's name for it")
    envelope_id = models.CharField(max_length=36, blank=True, db_index=True)
    type = models.CharField(max_length=80, blank=True)
    from_zone = models.CharField(max_length=20, blank=True)
    stream = models.CharField(max_length=40, blank=True)
    seq = models.PositiveBigIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField()
    data = models.BinaryField(null=True, blank=True, help_text="not kept for plain duplicates")
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return f"{self.reason}: {self.type or self.source}"


class ExchangeAlert(models.Model):
    kind = models.CharField(max_length=40)
    stream = models.CharField(max_length=80, blank=True)
    detail = models.TextField()
    raised_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self):
        return f"{self.kind} {self.stream}"


class ProbeReceipt(models.Model):
    """What an `exchange.probe` envelope leaves behind: link checks, fault tests and
    benchmarks count these to prove every probe was applied exactly once."""

    label = models.CharField(max_length=64, db_index=True)
    envelope_id = models.UUIDField()
    sent_at = models.CharField(max_length=40)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.label
