"""Two zone deployments in a temporary folder, as separate processes: used by the fault tests
and the exchange benchmarks."""

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class Zones:
    """Two zone deployments in a temporary folder (SQLite, or PostgreSQL when DATABASE_URL is
    set, on databases of their own)."""

    def __init__(self, root: Path, transport: str = "spool", pg: str | None = None):
        """``pg``: a PostgreSQL server URL to use instead of DATABASE_URL (a private cluster);
        "" for SQLite whatever DATABASE_URL says."""
        self.root = root
        self.spool = root / "spool"
        self.pg = os.environ.get("DATABASE_URL", "") if pg is None else pg
        self.env = {}
        for zone in ("internet", "intranet"):
            env = dict(os.environ, POLICEONLINE_VAR_DIR=str(root / zone),
                       DJANGO_SETTINGS_MODULE=f"policeonline.settings.{zone}",
                       EXCHANGE_SPOOL_ROOT=str(self.spool), EXCHANGE_RESEND_AFTER_SECONDS="1",
                       EXCHANGE_TRANSPORT=transport,
                       PYTHONPATH=str(ROOT / "src"))
            env.pop("DATABASE_URL", None)
            if self.pg:
                env[f"{zone.upper()}_DATABASE_URL"] = self._fresh_pg(zone)
            self.env[zone] = env

    def _fresh_pg(self, zone: str) -> str:
        import psycopg

        base, _, _name = self.pg.rpartition("/")
        # Named after DATABASE_URL's database when it names one of its own, so two runs given
        # different names (helpers, CI lanes) do not drop each other's databases.
        name = f"{_name}_{zone}" if _name and _name != "postgres" else f"pso_fault_{zone}"
        with psycopg.connect(self.pg.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        return f"{base}/{name}"

    def manage(self, zone: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args],
                              env=self.env[zone], check=True, capture_output=True, **kwargs)

    def start(self, role: str, faults: bool = True) -> subprocess.Popen:
        if role == "ferry":
            argv = [sys.executable, "-m", "policeonline.exchange.ferry", "--root", str(self.spool)]
            if faults:
                argv += ["--duplicate", "0.2", "--reorder", "0.2", "--drop", "0.05", "--seed",
                         str(random.randrange(10**6))]  # noqa: S311
            env = self.env["internet"]
        else:
            argv = [sys.executable, str(ROOT / "manage.py"), "exchange", "run",
                    "--interval", "0.02"]
            env = self.env[role]
        return subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def fresh_database(self, zone: str) -> None:
        """Replace the zone's database by an empty one (to restore a backup into)."""
        if self.pg:
            self._fresh_pg(zone)
            return
        for suffix in ("", "-wal", "-shm"):
            (self.root / zone / f"{zone}.sqlite3{suffix}").unlink(missing_ok=True)

    def query(self, zone: str, sql: str):
        if self.pg:
            import psycopg

            with psycopg.connect(self.env[zone][f"{zone.upper()}_DATABASE_URL"]) as conn:
                return conn.execute(sql).fetchall()
        with sqlite3.connect(self.root / zone / f"{zone}.sqlite3", timeout=30) as conn:
            return conn.execute(sql).fetchall()

    def prepare(self) -> None:
        """Migrate both zones, give each a key and make them trust each other."""
        for zone in ("internet", "intranet"):
            self.manage(zone, "migrate", "--noinput", "-v", "0")
            self.manage(zone, "exchange", "keys", "create")
        for zone, other in (("internet", "intranet"), ("intranet", "internet")):
            key = self.manage(zone, "exchange", "keys", "export").stdout
            self.manage(other, "exchange", "keys", "trust", "-", input=key)
