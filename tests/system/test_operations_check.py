"""docs/operations.md's production deployment, run for real: `scripts/operations_check.sh
--quick` starts both zones from deploy/ (gunicorn units, nginx with TLS, RabbitMQ, Redis,
PostgreSQL databases of its own), checks they serve over the proxy, that health and /metrics
answer, that envelopes cross and that every log line is JSON, then stops it all. The full run
(a second portal host, a key rotation, Prometheus) is the script without --quick."""

import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

import pytest

from tests.conftest import need

ROOT = Path(__file__).resolve().parents[2]

# Its own processes and databases (policeonline_ops_<zone>): one pass is enough, the SQLite
# pass runs it (the PostgreSQL pass deselects `demo`).
pytestmark = [pytest.mark.slow, pytest.mark.demo]


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def test_the_documented_deployment_starts_serves_and_stops():
    need(shutil.which("nginx") is not None, "nginx is not installed (apt-get install nginx)")
    for tool in ("pg_isready", "createdb", "dropdb", "redis-cli", "openssl", "curl"):
        need(shutil.which(tool) is not None, f"{tool} is not installed")
    for port, service in ((5432, "PostgreSQL"), (6379, "Redis"), (5672, "RabbitMQ")):
        need(listening(port), f"{service} is not running on 127.0.0.1:{port}")
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    # Its own process group: on a timeout the script is told to stop (its trap stops what it
    # started and drops its databases), then anything left is killed.
    script = subprocess.Popen(["bash", str(ROOT / "scripts" / "operations_check.sh"), "--quick"],  # noqa: S603, S607
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    try:
        output, _ = script.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        os.killpg(script.pid, signal.SIGTERM)
        try:
            output, _ = script.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(script.pid, signal.SIGKILL)
            output, _ = script.communicate()
        pytest.fail("scripts/operations_check.sh --quick took over 15 minutes:\n" + output[-6000:])
    assert script.returncode == 0, output[-6000:]
    for line in ("ok: portal home page over the proxy (10 times)", "ok: the proxy refuses /metrics",
                 "ok: intranet: readiness (database, RabbitMQ, Redis)",
                 "counts the 11 home pages", "ok: the back office applied the 5 probes",
                 "ok: the portal's outbox is acknowledged", "each a JSON object",
                 "== all checks passed"):
        assert line in output, output[-6000:]
