"""The audit log's hash chain: whatever is edited, removed or inserted after sealing, the
verifier names the first bad event; the retention keeps at least 180 days; on PostgreSQL the
database refuses updates and early deletions whoever asks."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from policeonline.audit import chain
from policeonline.audit.log import record
from policeonline.audit.models import AuditCheckpoint, AuditEvent, AuditSeal
from tests.conftest import need_postgresql

pytestmark = pytest.mark.django_db


def settled(count: int, days_ago: float = 0) -> list[AuditEvent]:
    at = timezone.now() - timedelta(days=days_ago, minutes=5)
    return [AuditEvent.objects.create(at=at, actor=f"account:{n}", action="case.view",
                                      target=f"2026-0000{n}", detail={"n": n, "名": "张三"})
            for n in range(count)]


def raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def tamper(sql: str, params=()):
    """As a database superuser would: straight SQL, past the application (on PostgreSQL with
    triggers switched off for the session, which only a superuser can do)."""
    if connection.vendor == "postgresql":
        raw("SET session_replication_role = replica")
    try:
        raw(sql, params)
    finally:
        if connection.vendor == "postgresql":
            raw("SET session_replication_role = DEFAULT")


def test_a_sealed_log_verifies_and_young_events_wait_to_settle():
    events = settled(5)
    record("account:9", "case.view", "just now")  # inside the settling window
    assert chain.seal() == 5
    assert chain.seal() == 0
    assert chain.verify().ok and chain.verify().checked == 5
    assert list(AuditSeal.objects.values_list("event_id", flat=True)) == [e.pk for e in events]


def test_an_edited_event_is_named():
    events = settled(6)
    chain.seal()
    tamper("UPDATE audit_auditevent SET target = 'someone else' WHERE id = %s", [events[3].pk])
    verdict = chain.verify()
    assert (verdict.ok, verdict.first_bad_id, verdict.checked) == (False, events[3].pk, 3)
    assert "altered" in verdict.problem


def test_a_removed_event_is_named():
    events = settled(6)
    chain.seal()
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    verdict = chain.verify()
    assert (verdict.ok, verdict.first_bad_id) == (False, events[2].pk)
    assert "removed" in verdict.problem


def test_an_inserted_event_is_named():
    events = settled(6)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[4].pk])  # a gap, as a rolled-back id leaves
    chain.seal()
    assert chain.verify().ok
    tamper("INSERT INTO audit_auditevent (id, at, actor, action, target, detail) "
        "VALUES (%s, %s, 'account:1', 'case.view', 'forged', '{}')", [events[4].pk, events[4].at])
    verdict = chain.verify()
    assert (verdict.ok, verdict.first_bad_id) == (False, events[4].pk)
    assert "inserted" in verdict.problem


def test_the_command_fails_naming_the_event(capsys):
    events = settled(3)
    call_command("audit", "seal")
    call_command("audit", "verify")
    assert "3 sealed events verified" in capsys.readouterr().out
    tamper("UPDATE audit_auditseal SET chain = %s WHERE event_id = %s", ["0" * 64, events[1].pk])
    with pytest.raises(CommandError, match=f"BROKEN at event {events[1].pk}"):
        call_command("audit", "verify")


def test_retention_keeps_180_days_and_the_rest_still_verifies():
    old = settled(4, days_ago=200)
    kept = settled(3, days_ago=179)
    chain.seal()
    assert chain.purge() == 4
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in kept]).count() == 3
    assert AuditCheckpoint.objects.get().upto_event_id == old[-1].pk
    verdict = chain.verify()
    assert verdict.ok and verdict.checked == 3


def test_with_a_simulated_clock_the_next_events_leave_after_their_180_days():
    settled(3, days_ago=179)
    chain.seal()
    two_days_on = timezone.now() + timedelta(days=2)
    if connection.vendor == "postgresql":
        # The database's own clock decides: for it the events are 179 days old.
        with pytest.raises(DatabaseError, match="retention"), transaction.atomic():
            chain.purge(now=two_days_on)
        assert AuditEvent.objects.count() == 3
    else:
        assert chain.purge(now=two_days_on) == 3
        assert AuditEvent.objects.count() == 0
    settled(2)
    chain.seal(now=two_days_on)
    assert chain.verify().ok


def test_nothing_unsealed_or_young_is_purged():
    settled(3, days_ago=10)
    chain.seal()
    assert chain.purge() == 0
    assert AuditEvent.objects.count() == 3


def test_postgresql_refuses_updates_and_early_deletions_whoever_asks():
    need_postgresql("the append-only trigger")
    events = settled(3)
    chain.seal()
    for sql in ("UPDATE audit_auditevent SET target = 'x' WHERE id = %s",
                "DELETE FROM audit_auditevent WHERE id = %s",
                "UPDATE audit_auditseal SET chain = 'x' WHERE event_id = %s",
                "DELETE FROM audit_auditseal WHERE event_id = %s"):
        with pytest.raises(DatabaseError, match="append-only|retention|part of the chain"), \
                transaction.atomic():
            raw(sql, [events[0].pk])
    assert chain.verify().ok


def test_a_simulated_clock_walking_through_the_180_days():
    """Events stamped at T0; the daily purge, asked on simulated days after T0, keeps them
    through the whole 180th day and removes them a minute after. (T0 lies 181 real days back so
    that on PostgreSQL the database's own clock, which the trigger reads, agrees at the end.)"""
    t0 = timezone.now() - timedelta(days=181)
    events = [AuditEvent.objects.create(at=t0, actor="account:1", action="login.succeeded",
                                        target="account:1") for _ in range(3)]
    assert chain.seal(now=t0 + timedelta(minutes=5)) == 3
    for day in (0, 1, 30, 90, 179, 180):
        assert chain.purge(now=t0 + timedelta(days=day)) == 0, f"purged on day {day}"
        assert AuditEvent.objects.count() == 3
    assert chain.purge(now=t0 + timedelta(days=180, minutes=1)) == 3
    assert AuditCheckpoint.objects.get().upto_event_id == events[-1].pk
    assert chain.verify().ok


def test_a_longer_setting_is_honoured_and_a_shorter_one_still_keeps_180_days(settings):
    older = settled(2, days_ago=200)
    settled(2, days_ago=100)
    chain.seal()
    settings.AUDIT_RETENTION_DAYS = 365
    assert chain.purge() == 0  # 200 days < 365: kept
    settings.AUDIT_RETENTION_DAYS = 30  # below the floor: 180 all the same
    assert chain.retention_days() == 180
    assert chain.purge() == 2
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in older]).exists()
    assert AuditEvent.objects.count() == 2
