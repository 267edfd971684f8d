"""A private PostgreSQL cluster for tests that restart the database server.

The machine's shared PostgreSQL (127.0.0.1:5432) serves the other test passes at the same
time, so it is never restarted: these tests start a cluster of their own (initdb on a free
port, in a temporary folder) and restart that. The server runs as the ``postgres`` OS user
when the tests run as root (PostgreSQL refuses to run as root).
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def binaries() -> Path | None:
    """The folder of initdb/pg_ctl (the newest installed version), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version, reverse=True)
    if found:
        return Path(found[0]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl and shutil.which("initdb") else None


def _version(path: str) -> int:
    try:
        return int(Path(path).parts[-3])
    except ValueError:
        return 0


def available() -> tuple[bool, str]:
    if binaries() is None:
        return False, "PostgreSQL server programs (initdb, pg_ctl) are not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return False, "running as root without runuser: cannot start PostgreSQL as another user"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return False, "running as root and there is no `postgres` user to run the server"
    return True, ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateCluster:
    """initdb + pg_ctl on a free port; ``url(name)`` for a database on it."""

    def __init__(self):
        self.bin = binaries()
        self.port = free_port()
        # A folder the server's user can write (a pytest tmp_path under /root is not).
        self.base = Path(tempfile.mkdtemp(prefix="pso-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.base, "postgres", "postgres")
        os.chmod(self.base, 0o700)

    def _run(self, *argv: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        return subprocess.run([*prefix, *argv], capture_output=True, text=True, check=check,  # noqa: S603
                              timeout=timeout, cwd=self.base)

    def start(self) -> "PrivateCluster":
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", timeout=120)
        with open(self.data / "postgresql.conf", "a") as conf:
            # Durable commits stay on (fsync, synchronous_commit): what is acknowledged must
            # survive an immediate shutdown. Only the listening socket is private.
            conf.write(f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.base}'\nmax_connections = 200\n"
                       "shared_buffers = 64MB\n")
        self.pg_ctl("start", "-w", "-t", "60", "-l", str(self.log))
        return self

    def standby(self) -> "PrivateCluster":
        """A hot standby of this cluster, streaming from it (``pg_basebackup -R``), started on
        a port of its own: what docs/operations.md sets up as a read replica."""
        replica = PrivateCluster()
        replica._run(str(self.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.port),
                     "-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream",
                     "--checkpoint=fast", "--no-sync", timeout=300)
        with open(replica.data / "postgresql.conf", "a") as conf:  # later lines win
            conf.write(f"\nport = {replica.port}\nunix_socket_directories = '{replica.base}'\n"
                       "hot_standby = on\n")
        replica.pg_ctl("start", "-w", "-t", "60", "-l", str(replica.log))
        return replica

    def pg_ctl(self, *args: str) -> subprocess.CompletedProcess:
        return self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), *args, timeout=120)

    def restart(self, mode: str = "fast") -> float:
        """Restart the server (``fast``: clients disconnected, clean shutdown; ``immediate``:
        like a crash, recovery from the WAL on start). Returns the seconds it was down."""
        started = time.monotonic()
        self.pg_ctl("restart", "-w", "-t", "60", "-m", mode, "-l", str(self.log))
        return time.monotonic() - started

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.pg_ctl("stop", "-m", "immediate", "-w")
        shutil.rmtree(self.base, ignore_errors=True)
