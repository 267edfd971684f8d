"""The log on the intranet. Entries are written in the case event's own transaction with no
index; the sequencer gives them their place (``index``) before a head is signed. Entries name
the case by id, not by foreign key, so that a tampered event table cannot hide behind the
database's constraints: ``manage.py transparency verify`` must find it."""

from django.db import models


class CaseSalt(models.Model):
    """The random salt behind a case's tag (see ``transparency.entries``)."""

    case_ref = models.BigIntegerField(unique=True)
    salt = models.CharField(max_length=32)
    tag = models.CharField(max_length=64, unique=True)

    def __str__(self):
        return f"case {self.case_ref}"


class Entry(models.Model):
    index = models.BigIntegerField(null=True, blank=True, unique=True)
    case_ref = models.BigIntegerField()
    seq = models.PositiveIntegerField()
    text = models.CharField(max_length=600)
    leaf = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case_ref", "seq"], name="one_entry_per_event")]
        indexes = [models.Index(fields=["index"], condition=models.Q(index__isnull=True),
                                name="entry_pending")]

    def __str__(self):
        return f"#{self.index} case {self.case_ref} event {self.seq}"


class TreeHead(models.Model):
    """A signed tree head, as signed and published."""

    size = models.BigIntegerField(unique=True)
    root = models.CharField(max_length=64)
    timestamp = models.CharField(max_length=30)
    kid = models.CharField(max_length=40)
    public_key = models.CharField(max_length=44)
    signature = models.CharField(max_length=88)

    class Meta:
        ordering = ["-size"]

    def __str__(self):
        return f"{self.size} {self.root[:12]}"


class Sequencer(models.Model):
    """One row, locked while indices are given out (several schedulers may run)."""

    size = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.size} placed"
