"""No accepted submission is ever lost: citizens submit applications over the portal's HTTP
API while the database server is restarted (a private PostgreSQL cluster: fast and immediate
shutdowns) and the exchange workers, the ferry and the portal's web workers are killed with
SIGKILL at random. Afterwards every submission the portal acknowledged (HTTP 200 with a
receipt number) is exactly one case on the intranet, and nothing was applied twice.

The PostgreSQL pass runs 120 submissions; the long run (any pass, or alone):
    RESTART_SUBMISSIONS=2000 make fault-test
"""

import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.system.conftest import on_postgresql_pass
from tests.system.pgcluster import free_port
from tests.system.zones import ROOT, Zones

COUNT = int(os.environ.get("RESTART_SUBMISSIONS", "120"))
CLIENTS = 6
# Each client paces itself so that the stream lasts at least this long: on a fast machine 120
# submissions would otherwise be through before the faults that must meet them.
MIN_STREAM_SECONDS = 20
SETTLE_SECONDS = 60 + COUNT * 0.05
pytestmark = pytest.mark.slow


def test_no_acknowledged_submission_is_lost_across_restarts_and_kills(request, tmp_path):
    if not on_postgresql_pass() and "RESTART_SUBMISSIONS" not in os.environ:
        pytest.skip("restarts a private PostgreSQL cluster: runs in the PostgreSQL pass "
                    "(DATABASE_URL=postgres://…) or with RESTART_SUBMISSIONS=N")
    private_cluster = request.getfixturevalue("private_cluster")
    started = time.monotonic()
    zones = Zones(tmp_path, pg=private_cluster.url())
    zones.prepare()
    for zone in ("internet", "intranet"):
        zones.manage(zone, "load_catalog", "-v", "0")
    drafts_file = tmp_path / "drafts.json"
    subprocess.run([sys.executable, str(ROOT / "tests" / "system" / "submissions.py"), str(COUNT),  # noqa: S603
                    str(drafts_file)], env=zones.env["internet"], check=True)
    drafts = json.loads(drafts_file.read_text())
    rng = random.Random(7)  # noqa: S311 - fault injection
    port = free_port()
    processes = {role: zones.start(role) for role in ("internet", "intranet", "ferry")}
    web = start_web(zones, port)
    load = Load(port, drafts)
    prepared = time.monotonic() - started
    kills = {"exchange": 0, "web": 0}
    restarts = []
    first_faults = ["postgres", "exchange", "postgres", "exchange"]
    try:
        load.start()
        while load.running():
            time.sleep(rng.uniform(1.0, 3.0))
            # The first faults are fixed so that even a short stream meets both kinds twice.
            action = first_faults.pop(0) if first_faults else \
                rng.choice(["postgres", "exchange", "exchange", "exchange", "web"])
            if action == "postgres":
                restarts.append(private_cluster.restart(rng.choice(["fast", "immediate"])))
            elif action == "exchange":
                victim = rng.choice(list(processes))
                processes[victim].send_signal(signal.SIGKILL)
                processes[victim].wait()
                processes[victim] = zones.start(victim)
                kills["exchange"] += 1
            else:
                kills["web"] += kill_a_web_worker(web)
            for role, process in processes.items():  # a supervisor restarts what died
                if process.poll() is not None:
                    processes[role] = zones.start(role)
        load.join()
        streamed = time.monotonic() - started - prepared
        submitted = settle(zones)
    finally:
        stop([*processes.values(), web])

    acknowledged = load.acknowledged
    cases = dict(zones.query("intranet", "SELECT application_id::text, receipt_no FROM cases_case"))
    print(f"\n{COUNT} submissions tried by {CLIENTS} clients, {len(acknowledged)} acknowledged, "
          f"{load.failed} attempts failed; {len(restarts)} PostgreSQL restarts (down "
          f"{min(restarts):.1f}–{max(restarts):.1f} s), {kills['exchange']} exchange and "
          f"{kills['web']} web workers SIGKILLed; prepared in {prepared:.0f} s, streamed in "
          f"{streamed:.0f} s; {len(cases)} cases")
    assert len(restarts) >= 2 and kills["exchange"] >= 2, "the test must restart and kill"
    assert len(acknowledged) >= COUNT // 2, "most submissions should get through"
    lost = {app: receipt for app, receipt in acknowledged.items() if cases.get(app) != receipt}
    assert not lost, f"{len(lost)} acknowledged submissions are not cases: {list(lost.items())[:5]}"
    # Committed but not acknowledged (the answer was lost in a kill) is a case too; a case
    # without a submission would be a phantom.
    assert set(cases) == set(submitted), (f"{len(set(submitted) - set(cases))} submitted without "
                                          f"a case, {len(set(cases) - set(submitted))} cases without one")
    applied = zones.query("intranet", "SELECT COUNT(*), COUNT(DISTINCT envelope_id) FROM exchange_inboxentry "
                                      "WHERE type = 'application.submitted'")[0]
    assert applied[0] == applied[1] == len(cases), f"application.submitted applied {applied}"
    received = zones.query("intranet", "SELECT target, COUNT(*) FROM audit_auditevent WHERE action = "
                                       "'case.received' GROUP BY target HAVING COUNT(*) > 1")
    assert not received, f"submissions received twice: {received[:5]}"
    refused = zones.query("intranet", "SELECT reason, COUNT(*) FROM exchange_quarantinedenvelope "
                                      "WHERE reason <> 'duplicate' GROUP BY reason")
    assert not refused, f"envelopes refused: {refused}"


class Load:
    """CLIENTS threads submitting the drafts over HTTP; a failed attempt is tried again
    (as a citizen would) until it is acknowledged or the portal says it was submitted."""

    def __init__(self, port: int, drafts: list[dict]):
        self.port, self.queue, self.lock = port, list(drafts), threading.Lock()
        self.acknowledged: dict[str, str] = {}
        self.failed = 0
        self.pace = MIN_STREAM_SECONDS * CLIENTS / max(1, len(drafts))
        self.threads = [threading.Thread(target=self.client, daemon=True) for _ in range(CLIENTS)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def running(self) -> bool:
        return any(thread.is_alive() for thread in self.threads)

    def join(self):
        for thread in self.threads:
            thread.join()

    def client(self):
        while True:
            with self.lock:
                if not self.queue:
                    return
                draft = self.queue.pop(0)
            time.sleep(self.pace)
            for _attempt in range(6):
                status, body = self.submit(draft)
                if status == 200 and body.get("receipt_no"):
                    with self.lock:
                        self.acknowledged[draft["app"]] = body["receipt_no"]
                    break
                with self.lock:
                    self.failed += 1
                if status in (404, 409, 422):
                    break  # refused, e.g. it went through before: the citizen finds it in their list
                time.sleep(0.5)

    def submit(self, draft: dict) -> tuple[int, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("POST", f"/api/v1/applications/{draft['app']}/submit", headers={
                "Cookie": f"sessionid={draft['session']}; csrftoken={draft['csrf']}",
                "X-CSRFToken": draft["csrf"], "Referer": f"http://127.0.0.1:{self.port}/",
                "Content-Length": "0"})
            response = conn.getresponse()
            data = response.read()
            try:
                return response.status, json.loads(data or b"{}")
            except ValueError:
                return response.status, {}
        except (OSError, http.client.HTTPException):
            return 0, {}
        finally:
            conn.close()


def start_web(zones: Zones, port: int) -> subprocess.Popen:
    env = dict(zones.env["internet"], ALLOWED_HOSTS="127.0.0.1,localhost")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "policeonline.wsgi:application",  # noqa: S603
                                "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2",
                                "--no-control-socket", "--graceful-timeout", "5"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/catalog/items")
            conn.getresponse().read()
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise AssertionError("the portal did not start")


def kill_a_web_worker(web: subprocess.Popen) -> int:
    """SIGKILL one of gunicorn's workers (its master starts another)."""
    children = Path(f"/proc/{web.pid}/task/{web.pid}/children")
    pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    if not pids:
        return 0
    os.kill(random.choice(pids), signal.SIGKILL)  # noqa: S311
    return 1


def settle(zones: Zones) -> list[str]:
    """Wait until every committed submission is a case and the exchange is quiet; return the
    ids of the applications the portal committed as submitted."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        submitted = [row[0] for row in zones.query(
            "internet", "SELECT id::text FROM applications_application WHERE status <> 'draft'")]
        cases = zones.query("intranet", "SELECT COUNT(*) FROM cases_case")[0][0]
        unacked = zones.query("internet", "SELECT COUNT(*) FROM exchange_outboxentry e JOIN "
                                          "exchange_outgoingstream s ON s.id = e.stream_id "
                                          "WHERE s.name <> 'control' AND e.acked_at IS NULL")[0][0]
        if (cases >= len(submitted) and unacked == 0) or time.monotonic() > deadline:
            return submitted
        time.sleep(0.5)


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
