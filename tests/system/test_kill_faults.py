"""Both zones as real processes — two exchange workers and the ferry — killed with SIGKILL
at random while envelopes stream across, with a misbehaving ferry. Afterwards every envelope
acknowledged by the sender's database was applied exactly once on the other side.

CI runs FAULT_ENVELOPES=600 (default); the full run is documented in the README:
    FAULT_ENVELOPES=10000 make fault-test
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COUNT = int(os.environ.get("FAULT_ENVELOPES", "600"))
TIMEOUT = float(os.environ.get("FAULT_TIMEOUT", str(120 + COUNT * 0.06)))
pytestmark = pytest.mark.slow


class Zones:
    """Two zone deployments in a temporary folder (SQLite, or PostgreSQL when DATABASE_URL is
    set, on databases of their own)."""

    def __init__(self, root: Path):
        self.root = root
        self.spool = root / "spool"
        self.pg = os.environ.get("DATABASE_URL", "")
        self.env = {}
        for zone in ("internet", "intranet"):
            env = dict(os.environ, POLICEONLINE_VAR_DIR=str(root / zone),
                       DJANGO_SETTINGS_MODULE=f"policeonline.settings.{zone}",
                       EXCHANGE_SPOOL_ROOT=str(self.spool), EXCHANGE_RESEND_AFTER_SECONDS="1",
                       PYTHONPATH=str(ROOT / "src"))
            env.pop("DATABASE_URL", None)
            if self.pg:
                env[f"{zone.upper()}_DATABASE_URL"] = self._fresh_pg(zone)
            self.env[zone] = env

    def _fresh_pg(self, zone: str) -> str:
        import psycopg

        base, _, _name = self.pg.rpartition("/")
        name = f"pso_fault_{zone}"
        with psycopg.connect(self.pg.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        return f"{base}/{name}"

    def manage(self, zone: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args],
                              env=self.env[zone], check=True, capture_output=True, **kwargs)

    def start(self, role: str) -> subprocess.Popen:
        if role == "ferry":
            argv = [sys.executable, "-m", "policeonline.exchange.ferry", "--root", str(self.spool),
                    "--duplicate", "0.2", "--reorder", "0.2", "--drop", "0.05", "--seed",
                    str(random.randrange(10**6))]  # noqa: S311
            env = self.env["internet"]
        else:
            argv = [sys.executable, str(ROOT / "manage.py"), "exchange", "run",
                    "--interval", "0.02"]
            env = self.env[role]
        return subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def query(self, zone: str, sql: str):
        if self.pg:
            import psycopg

            with psycopg.connect(self.env[zone][f"{zone.upper()}_DATABASE_URL"]) as conn:
                return conn.execute(sql).fetchall()
        with sqlite3.connect(self.root / zone / f"{zone}.sqlite3", timeout=30) as conn:
            return conn.execute(sql).fetchall()


def test_sigkill_anything_lose_nothing_apply_nothing_twice(tmp_path):
    zones = Zones(tmp_path)
    for zone in ("internet", "intranet"):
        zones.manage(zone, "migrate", "--noinput", "-v", "0")
        zones.manage(zone, "exchange", "keys", "create")
    for zone, other in (("internet", "intranet"), ("intranet", "internet")):
        key = zones.manage(zone, "exchange", "keys", "export").stdout
        zones.manage(other, "exchange", "keys", "trust", "-", input=key)

    rng = random.Random(2026)  # noqa: S311
    running = {role: zones.start(role) for role in ("internet", "intranet", "ferry")}
    kills = 0
    queued = 0
    deadline = time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline:
            if queued < COUNT:  # keep feeding while killing
                batch = min(COUNT - queued, max(50, COUNT // 10))
                zones.manage("internet", "exchange", "probe", "--count", str(batch),
                             "--label", f"b{queued}")
                queued += batch
            time.sleep(rng.uniform(0.2, 1.5))
            victim = rng.choice(list(running))
            running[victim].send_signal(signal.SIGKILL)
            running[victim].wait()
            kills += 1
            running[victim] = zones.start(victim)
            applied = zones.query("intranet", "SELECT COUNT(*) FROM exchange_probereceipt")[0][0]
            if queued == COUNT and applied >= COUNT:
                break
        # Let the line settle so the acks come home.
        time.sleep(3)
    finally:
        for process in running.values():
            process.send_signal(signal.SIGTERM)
        for process in running.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    rows = zones.query("intranet", "SELECT label, COUNT(*) FROM exchange_probereceipt GROUP BY label")
    applied = dict(rows)
    assert kills >= 5, "the test must actually kill processes"
    assert sum(applied.values()) == COUNT, f"{sum(applied.values())} applied of {COUNT} sent"
    assert max(applied.values()) == 1, "an envelope was applied twice"
    assert len(applied) == COUNT
    unacked = zones.query("internet", "SELECT COUNT(*) FROM exchange_outboxentry e JOIN "
                          "exchange_outgoingstream s ON s.id = e.stream_id "
                          "WHERE s.name = 'main' AND e.acked_at IS NULL")[0][0]
    assert unacked == 0, f"{unacked} envelopes never acknowledged"
    print(f"\n{COUNT} envelopes, {kills} SIGKILLs, 0 lost, 0 applied twice")
