"""The audit log's hash chain: sealed after the fact, verified end to end.

Appending stays a plain INSERT (hot paths never wait for each other); the ``audit.seal`` job
links events that have settled (older than ``SETTLE``, so no transaction still to commit can
hold a lower id) in id order: chain(n) = SHA-256(chain(n-1) ‖ canonical bytes of event n).
``verify`` walks events and seals together and names the first event id where they disagree:
an edited event (its hash differs), a removed one (a seal without its event) or an inserted one
(an event without a seal, inside the sealed range).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import RETENTION_DAYS_MINIMUM, AuditCheckpoint, AuditEvent, AuditSeal

GENESIS = "0" * 64
SETTLE = timedelta(seconds=30)
BATCH = 5000


def canonical(event: AuditEvent) -> bytes:
    at = event.at.astimezone(UTC) if timezone.is_aware(event.at) else event.at
    return json.dumps([event.pk, at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), event.actor, event.action,
                       event.target, event.detail], ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


def link(previous: str, event: AuditEvent) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + canonical(event)).hexdigest()


def _one_at_a_time() -> None:
    """One sealer or purger at a time, until the transaction ends. On PostgreSQL a transaction
    advisory lock (a row lock would need UPDATE rights on the seals, which the application's
    role does not have); SQLite's write lock already serialises writers."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('policeonline.audit.chain'))")


def _start() -> tuple[int, str]:
    """The id and chain value the chain continues from."""
    last = AuditSeal.objects.order_by("-event_id").first()
    if last:
        return last.event_id, last.chain
    checkpoint = AuditCheckpoint.objects.first()
    return (checkpoint.upto_event_id, checkpoint.chain) if checkpoint else (0, GENESIS)


def seal(now: datetime | None = None, limit: int = BATCH) -> int:
    """Link up to ``limit`` settled events; returns how many were sealed."""
    now = now or timezone.now()
    with transaction.atomic():
        _one_at_a_time()
        after, chain = _start()
        events = list(AuditEvent.objects.filter(pk__gt=after, at__lte=now - SETTLE).order_by("pk")[:limit])
        seals = []
        for event in events:
            chain = link(chain, event)
            seals.append(AuditSeal(event_id=event.pk, chain=chain, sealed_at=now))
        AuditSeal.objects.bulk_create(seals)
        return len(seals)


@dataclass
class Verdict:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str = ""

    def __str__(self):
        if self.ok:
            return f"audit chain intact: {self.checked} sealed events verified"
        return (f"audit chain BROKEN at event {self.first_bad_id}: {self.problem} "
                f"({self.checked} verified before it)")


def verify() -> Verdict:
    """Check every sealed event against its seal, in id order."""
    after, chain = 0, GENESIS
    checkpoint = AuditCheckpoint.objects.first()
    if checkpoint:
        after, chain = checkpoint.upto_event_id, checkpoint.chain
    events = AuditEvent.objects.filter(pk__gt=after).order_by("pk").iterator(chunk_size=BATCH)
    seals = AuditSeal.objects.filter(event_id__gt=after).order_by("event_id").values_list(
        "event_id", "chain").iterator(chunk_size=BATCH)
    event, sealed = next(events, None), next(seals, None)
    checked = 0
    while sealed is not None:
        seal_id, expected = sealed
        if event is None or event.pk > seal_id:
            return Verdict(False, checked, seal_id, "event removed (its seal remains)")
        if event.pk < seal_id:
            return Verdict(False, checked, event.pk, "event inserted inside the sealed range")
        chain = link(chain, event)
        if chain != expected:
            return Verdict(False, checked, event.pk, "event altered (hash differs from its seal)")
        checked += 1
        event, sealed = next(events, None), next(seals, None)
    return Verdict(True, checked)


def retention_days() -> int:
    return max(getattr(settings, "AUDIT_RETENTION_DAYS", RETENTION_DAYS_MINIMUM), RETENTION_DAYS_MINIMUM)


def purge(now: datetime | None = None) -> int:
    """Remove sealed events older than the retention period, leaving a checkpoint so the chain
    of what remains still verifies. Never touches unsealed or younger events."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    with transaction.atomic():
        _one_at_a_time()
        old = AuditSeal.objects.filter(event_id__in=AuditEvent.objects.filter(at__lt=cutoff).values("pk"))
        last = old.order_by("-event_id").first()
        if last is None:
            return 0
        # Only a prefix can go: the chain must continue from one point.
        younger = AuditEvent.objects.filter(pk__lte=last.event_id, at__gte=cutoff).order_by("pk").first()
        if younger is not None:
            last = AuditSeal.objects.filter(event_id__lt=younger.pk).order_by("-event_id").first()
            if last is None:
                return 0
        if connection.vendor == "postgresql":
            # The application's role may not delete audit rows (ADR 0032): the database's
            # own function, owned by the migrations' role, removes the sealed prefix.
            with connection.cursor() as cursor:
                cursor.execute("SELECT audit_purge(%s)", [last.event_id])
                return cursor.fetchone()[0]
        # The checkpoint first: on PostgreSQL the trigger lets seals go only below it.
        checkpoint = AuditCheckpoint.objects.create(upto_event_id=last.event_id, chain=last.chain, purged=0)
        gone, _ = AuditEvent.objects.filter(pk__lte=last.event_id).delete()
        AuditSeal.objects.filter(event_id__lte=last.event_id).delete()
        AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(purged=gone)
        return gone
