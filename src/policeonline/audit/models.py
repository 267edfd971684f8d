"""Audit events. Rows are only ever added (see ``record``); a sealer chains them by hash after
the fact (``chain.py``), and on PostgreSQL a trigger refuses every update and every deletion
younger than the retention period (ADR 0031)."""

from django.db import models
from django.utils import timezone

RETENTION_DAYS_MINIMUM = 180  # the floor the law sets for security audit logs; settings may keep longer


class AuditEvent(models.Model):
    # A default, not auto_now_add: the sealer and the retention tests read `at` as given.
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.CharField(max_length=100, help_text="who: an account, an officer, 'exchange'")
    action = models.CharField(max_length=60, db_index=True)
    target = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor} {self.action} {self.target}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit events are append-only")
        super().save(*args, **kwargs)


class AuditSeal(models.Model):
    """The hash chain, one link per event, in id order. ``event_id`` is deliberately not a
    foreign key: a seal whose event has gone is how a deletion shows."""

    event_id = models.BigIntegerField(primary_key=True)
    chain = models.CharField(max_length=64)  # SHA-256(previous chain ‖ canonical event), hex
    sealed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["event_id"]

    def __str__(self):
        return f"seal {self.event_id} {self.chain[:12]}"


class AuditCheckpoint(models.Model):
    """Where the chain continues after events older than the retention were purged."""

    upto_event_id = models.BigIntegerField(unique=True)
    chain = models.CharField(max_length=64)
    purged = models.PositiveIntegerField()
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-upto_event_id"]

    def __str__(self):
        return f"checkpoint after {self.upto_event_id} ({self.purged} purged)"
