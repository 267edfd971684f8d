"""A read replica as docs/operations.md ("Scaling out", "Backups") sets one up, on real
PostgreSQL servers: a hot standby made with ``pg_basebackup -R`` streams what the zone writes,
refuses writes (the application writes to the primary only), serves ``manage.py backup`` off
the primary — a backup that restores — and, promoted after the primary is lost, carries the
zone with everything acknowledged before.

Two private clusters (the machine's shared server is never stopped); the PostgreSQL pass only.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import need
from tests.system import pgcluster
from tests.system.conftest import on_postgresql_pass

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
DATABASE = "pso_replica_internet"


@pytest.fixture
def primary():
    if not on_postgresql_pass():
        pytest.skip("runs in the PostgreSQL pass (DATABASE_URL=postgres://…), on private clusters")
    ok, why = pgcluster.available()
    need(ok, f"private PostgreSQL clusters are needed for a primary and its standby: {why}")
    cluster = pgcluster.PrivateCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


def manage(tmp: Path, url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="policeonline.settings.internet",
               INTERNET_DATABASE_URL=url, POLICEONLINE_VAR_DIR=str(tmp), LOG_LEVEL="WARNING",
               EXCHANGE_KEY_DIR=str(tmp / "keys"))
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,  # noqa: S603
                          capture_output=True, text=True, check=check, timeout=600)


def count(url: str, sql: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql).fetchone()[0]


def replayed(url: str, sql: str, expected: int, seconds: float = 60) -> int:
    """What the standby shows once it has replayed the primary's writes (or the last reading)."""
    deadline = time.monotonic() + seconds
    while True:
        found = count(url, sql)
        if found == expected or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


ITEMS = "SELECT count(*) FROM catalog_item"
SENT = "SELECT count(*) FROM exchange_outboxentry WHERE type = 'exchange.probe'"


def test_a_standby_streams_refuses_writes_serves_backups_and_takes_over(primary, tmp_path):
    url = primary.create_database(DATABASE)
    manage(tmp_path, url, "migrate", "--noinput", "-v", "0")
    manage(tmp_path, url, "load_catalog", "-v", "0")
    manage(tmp_path, url, "exchange", "keys", "create")
    standby = primary.standby()
    try:
        replica_url = standby.url(DATABASE)
        assert count(replica_url, "SELECT pg_is_in_recovery()::int") == 1
        assert replayed(replica_url, ITEMS, 105) == 105
        # What is written on the primary after the standby started reaches it by streaming.
        manage(tmp_path, url, "exchange", "probe", "--count", "5")
        sent = count(url, SENT)
        assert sent == 5 and replayed(replica_url, SENT, sent) == sent
        assert count(primary.url(), "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == 1

        # The standby refuses writes with PostgreSQL's own message; nothing changes on it.
        refused = manage(tmp_path, replica_url, "exchange", "probe", check=False)
        assert refused.returncode != 0 and "read-only transaction" in refused.stderr
        assert count(replica_url, SENT) == sent

        # A backup taken off the standby restores into a fresh database with all of it.
        backup = tmp_path / "from-standby.backup"
        done = manage(tmp_path, replica_url, "backup", str(backup))
        assert "Backed up" in done.stdout and backup.stat().st_size > 0
        fresh = primary.create_database("pso_replica_restored")
        manage(tmp_path, fresh, "restore", str(backup))
        assert count(fresh, ITEMS) == 105 and count(fresh, SENT) == sent

        # The primary is lost; the standby is promoted and carries the zone: what was
        # acknowledged is there, and it takes writes.
        primary.pg_ctl("stop", "-m", "immediate", "-w")
        standby.pg_ctl("promote", "-w", "-t", "60")
        assert count(replica_url, "SELECT pg_is_in_recovery()::int") == 0
        assert count(replica_url, SENT) == sent
        # It may lack the primary's last commits (asynchronous): the exchange resyncs, as after
        # a restore — new numbers past anything the lost primary may have sent.
        resynced = manage(tmp_path, replica_url, "exchange", "resync")
        assert "marked for resync" in resynced.stdout
        manage(tmp_path, replica_url, "exchange", "probe")
        assert count(replica_url, SENT) == sent + 1
        newest = "SELECT max(seq) FROM exchange_outboxentry WHERE type = 'exchange.probe'"
        assert count(replica_url, newest) > sent + 1
        assert "No migrations to apply" in manage(tmp_path, replica_url, "migrate", "--noinput").stdout
    finally:
        standby.stop()
