"""Backing up and restoring one zone's database (docs/operations.md, "Backups"; ADR 0033).

SQLite: an online copy through SQLite's backup API (consistent while the zone runs).
PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot), restored with
``pg_restore`` into a fresh, empty database. After a restore the exchange is marked restored
(``exchange.restore.mark_restored``): the other zone re-sends what this one lost and this
one never re-uses a sequence number its lost history may have used.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    pass


def engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def backup(target: Path) -> str:
    """Write a consistent copy of this zone's database to ``target``; return a summary."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if engine() == "sqlite":
        source = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
        copy = sqlite3.connect(partial)
        try:
            with copy:
                source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
            source.close()
    else:
        _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}")
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    partial.replace(target)
    return (f"{engine()} database {connection.settings_dict['NAME']} → {target} "
            f"({target.stat().st_size:,} bytes)")


def restore(source: Path) -> str:
    """Load ``source`` into this zone's database, which must be fresh (no tables)."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    magic = source.read_bytes()[:16]
    kind = "sqlite" if magic == SQLITE_MAGIC else "postgresql" if magic.startswith(PGDUMP_MAGIC) else None
    if kind is None:
        raise BackupError(f"{source} is not a backup made by `manage.py backup`.")
    if kind != engine():
        raise BackupError(f"{source} is a {kind} backup; this zone's database is {engine()}.")
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(f"The database {connection.settings_dict['NAME']} is not empty "
                          f"({len(tables)} tables): restore into a fresh database.")
    connection.close()
    if kind == "sqlite":
        name = connection.settings_dict["NAME"]
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        live = sqlite3.connect(name, timeout=30)
        try:
            with live:
                backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
    else:
        _run("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             "--dbname", None, str(source))
    return f"{source} → {kind} database {connection.settings_dict['NAME']}"


def _tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                                                   reverse=True)), None)
    if not found:
        raise BackupError(f"{name} is not installed (PostgreSQL client programs).")
    return found


def _run(tool: str, *args) -> None:
    """Run a PostgreSQL client program against this zone's database (``None`` in ``args`` is
    replaced by the database name)."""
    settings = connection.settings_dict
    env = dict(os.environ, PGDATABASE=settings["NAME"], PGHOST=settings.get("HOST") or "",
               PGPORT=str(settings.get("PORT") or ""), PGUSER=settings.get("USER") or "",
               PGPASSWORD=settings.get("PASSWORD") or "")
    env = {k: v for k, v in env.items() if v != ""}
    argv = [_tool(tool), *[settings["NAME"] if a is None else a for a in args]]
    if tool == "pg_dump":
        argv.append(settings["NAME"])
    done = subprocess.run(argv, env=env, capture_output=True, text=True)  # noqa: S603 - fixed tools
    if done.returncode:
        raise BackupError(f"{tool} failed: {done.stderr.strip()[-2000:]}")
