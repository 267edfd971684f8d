"""The application's own database role on PostgreSQL (ADR 0032): ``manage.py db_roles`` makes
it, idempotently; connected as it, the application works as usual — it appends audit events,
seals them, purges what is past the retention through ``audit_purge()``, writes its other
tables — but UPDATE, DELETE and TRUNCATE of audit rows are refused by the database with
"permission denied", whatever the triggers would say."""

from contextlib import contextmanager
from datetime import timedelta

import psycopg
import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from policeonline.audit import chain
from policeonline.audit.log import record
from policeonline.audit.models import AuditCheckpoint, AuditEvent
from tests.conftest import need_postgresql

ROLE = "policeonline_app"
AUDIT_TABLES = {"audit_auditevent": "id", "audit_auditseal": "event_id",
                "audit_auditcheckpoint": "upto_event_id"}


def settled(count: int, days_ago: float = 0) -> list[AuditEvent]:
    at = timezone.now() - timedelta(days=days_ago, minutes=5)
    return [AuditEvent.objects.create(at=at, actor="account:1", action="case.view", target=str(n))
            for n in range(count)]


@contextmanager
def as_role(role: str):
    """This connection, acting as ``role`` (privileges are checked against it) until the end."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {connection.ops.quote_name(role)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def refused_writes(execute) -> list[str]:
    """Each UPDATE, DELETE and TRUNCATE of an audit table that ``execute`` was NOT refused."""
    allowed = []
    for table, key in AUDIT_TABLES.items():
        for sql in (f"UPDATE {table} SET {key} = {key}", f"DELETE FROM {table}", f"TRUNCATE {table}"):
            try:
                execute(sql)
            except (DatabaseError, psycopg.Error) as exc:
                if "permission denied" not in str(exc):
                    allowed.append(f"{sql}: {exc}")
            else:
                allowed.append(sql)
    return allowed


@pytest.mark.django_db
def test_on_sqlite_there_is_nothing_to_grant(capsys):
    if connection.vendor == "postgresql":
        pytest.skip("the PostgreSQL tests below cover this database")
    call_command("db_roles")
    assert "nothing to do" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_application_role_appends_but_cannot_rewrite_the_audit_log(capsys):
    need_postgresql("database roles")
    call_command("db_roles")
    call_command("db_roles")  # again: idempotent
    assert f"role {ROLE} updated" in capsys.readouterr().out
    old = settled(2, days_ago=200)
    settled(2)
    chain.seal()

    def execute(sql):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)

    with as_role(ROLE):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == ROLE
        assert refused_writes(execute) == []
        # What the application does every day still works.
        AuditEvent.objects.create(at=timezone.now() - timedelta(minutes=5), actor="account:1",
                                  action="case.view", target="to seal")
        assert chain.seal() == 1
        record("account:1", "case.view", "after")  # to be sealed when it has settled
        session = Session.objects.create(session_key="role-check", session_data="{}",
                                         expire_date=timezone.now())
        session.session_data = "{\"changed\": 1}"
        session.save()
        session.delete()
        assert chain.purge() == 2  # the retention, through audit_purge()
        assert not AuditEvent.objects.filter(pk__in=[e.pk for e in old]).exists()
        assert AuditCheckpoint.objects.get().purged == 2
        assert chain.verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_real_connection_as_the_application_role_is_refused_too():
    """Not just SET ROLE: a session that logs in as the role (the app's DATABASE_URL)."""
    need_postgresql("database roles")
    call_command("db_roles")
    settled(1)
    chain.seal()
    params = connection.get_connection_params()
    params.update(user=ROLE, password=None)
    params = {k: v for k, v in params.items() if v is not None and k != "cursor_factory"}
    try:
        app = psycopg.connect(**params, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.skip(f"cannot log in as {ROLE} here (pg_hba asks for a password): {exc}")
    with app:
        assert refused_writes(lambda sql: app.execute(sql)) == []
        app.execute("INSERT INTO audit_auditevent (at, actor, action, target, detail) "
                    "VALUES (now(), 'account:1', 'case.view', 'by the app role', '{}')")
    assert AuditEvent.objects.filter(target="by the app role").exists()
