#!/usr/bin/env python3
"""Boundary exchange throughput and verification round trip, each beside a raw baseline.

    .venv/bin/python bench/exchange_bench.py [--envelopes 2000] [--runs 5] [--transport spool|amqp|both]

For each transport: both zones as real processes (an exchange worker each, and the ferry for
the spool), N probe envelopes queued in the internet zone's outbox, and the time until the
intranet has applied all N — envelopes per second end to end. Baselines, in the same run:
spool — writing the same envelope bytes as files with fsync and rename (one durable copy);
amqp — publishing the same bytes raw (persistent, in transactions of 500 as the shipper does)
and consuming them with acks. Correctness is part of the result: a run that lost or doubled an
envelope fails.

Then the verification round trip: a citizen account asks for real-name verification; the time
from the request's commit until the portal's account shows the answer, p50/p95/p99.
Uses PostgreSQL when DATABASE_URL is set (recommended: writes), else SQLite.
"""

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.system.zones import Zones  # noqa: E402


def spread(values):
    return f"median {statistics.median(values):,.0f}, min {min(values):,.0f}, max {max(values):,.0f}"


def sample_envelope(zones: Zones) -> bytes:
    """One real probe envelope's bytes, as the outbox holds them."""
    zones.manage("internet", "exchange", "probe", "--label", "sample")
    row = zones.query("internet", "SELECT data FROM exchange_outboxentry ORDER BY id DESC LIMIT 1")
    return bytes(row[0][0])


def spool_baseline(data: bytes, count: int, folder: Path) -> float:
    from policeonline.exchange.transports.contrib.spool import durable_write

    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for n in range(count):
        durable_write(folder, f"{n:012d}.env", data)
    return count / (time.perf_counter() - started)


def amqp_baseline(data: bytes, count: int, batch: int = 500) -> float:
    """The same bytes through the same broker with the same guarantees, and nothing else:
    persistent messages published in transactions of ``batch`` (as the shipper sends them;
    durable at ``tx.commit-ok``), then consumed with the transport's prefetch window and acked
    one by one (as the transport receives them)."""
    import pika

    from policeonline.exchange.transports.contrib.amqp import PREFETCH

    connection = pika.BlockingConnection(pika.URLParameters("amqp://guest:guest@127.0.0.1:5672/%2F"))
    channel, publisher = connection.channel(), connection.channel()
    queue = f"bench-raw-{uuid.uuid4().hex[:8]}"
    channel.queue_declare(queue, durable=True)
    publisher.tx_select()
    props = pika.BasicProperties(delivery_mode=2)
    started = time.perf_counter()
    for first in range(0, count, batch):
        for _ in range(min(batch, count - first)):
            publisher.basic_publish("", queue, data, props, mandatory=True)
        publisher.tx_commit()
    received = 0
    channel.basic_qos(prefetch_count=PREFETCH)

    def on_delivery(chan, method, _props, _body):
        nonlocal received
        chan.basic_ack(method.delivery_tag)
        received += 1

    channel.basic_consume(queue, on_delivery)
    while received < count:
        connection.process_data_events(time_limit=0.01)
    rate = count / (time.perf_counter() - started)
    channel.queue_delete(queue)
    connection.close()
    return rate


def end_to_end(zones: Zones, count: int, label: str, transport: str) -> float:
    """Workers already running and idle; the clock starts when the batch of probes commits in
    the internet zone's outbox and stops when the intranet has applied the last one."""
    roles = ["internet", "intranet"] + (["ferry"] if transport == "spool" else [])
    procs = [zones.start(role, faults=False) for role in roles]
    time.sleep(3)  # let them start
    zones.manage("internet", "exchange", "probe", "--count", str(count), "--label", label)
    started = time.perf_counter()
    try:
        while True:
            done = zones.query("intranet", "SELECT COUNT(*) FROM exchange_probereceipt "
                                           f"WHERE label LIKE '{label}-%'")[0][0]
            if done >= count:
                break
            if time.perf_counter() - started > 600:
                raise SystemExit(f"timed out: {done}/{count}")
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=20)
    doubled = zones.query("intranet", "SELECT COUNT(*) FROM (SELECT label FROM "
                                      "exchange_probereceipt GROUP BY label HAVING COUNT(*) > 1) d")
    if doubled[0][0]:
        raise SystemExit(f"FAILED RUN: {doubled[0][0]} envelopes applied twice")
    return count / elapsed


def round_trips(zones: Zones, count: int, transport: str) -> list[float]:
    """Verification round trips measured from the internet zone's own database."""
    zones.manage("intranet", "generate_registry", "--persons", "0", "-v", "0")
    script = (
        "import time\n"
        "from policeonline.accounts.citizens.models import User\n"
        "from policeonline.accounts.citizens.verification import request_verification\n"
        "u = User.objects.filter(phone_masked='139****0088').first() or "
        "User.objects.create_citizen(name='赵六', id_number='110101198808081231', "
        "phone='13900000088', password='Bench#2026pass')\n"
        f"for n in range({count}):\n"
        "    t = time.perf_counter(); request_verification(u)\n"
        "    while User.objects.get(pk=u.pk).verification == 'pending': time.sleep(0.005)\n"
        "    print(f'RT {(time.perf_counter() - t) * 1000:.1f}')\n")
    roles = ["internet", "intranet"] + (["ferry"] if transport == "spool" else [])
    procs = [zones.start(role, faults=False) for role in roles]
    try:
        time.sleep(2)  # workers up
        out = zones.manage("internet", "shell", "-c", script).stdout.decode()
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=20)
    return [float(line.split()[1]) for line in out.splitlines() if line.startswith("RT ")]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--envelopes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--round-trips", type=int, default=100)
    parser.add_argument("--transport", choices=["spool", "amqp", "both"], default="both")
    args = parser.parse_args()
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"exchange benchmark · {args.envelopes} envelopes × {args.runs} runs · {database} · "
          f"{os.cpu_count()} CPUs")
    for transport in (["spool", "amqp"] if args.transport == "both" else [args.transport]):
        with tempfile.TemporaryDirectory(prefix="pso-bench-") as tmp:
            zones = Zones(Path(tmp), transport=transport)
            if transport == "amqp":
                prefix = f"bench-{uuid.uuid4().hex[:6]}."
                for env in zones.env.values():
                    env["EXCHANGE_AMQP_PREFIX"] = prefix
            zones.prepare()
            data = sample_envelope(zones)
            ours, raw = [], []
            end_to_end(zones, 200, "warmup", transport)
            for run in range(args.runs):
                ours.append(end_to_end(zones, args.envelopes, f"r{run}", transport))
                raw.append(spool_baseline(data, args.envelopes, Path(tmp) / f"raw{run}")
                           if transport == "spool" else amqp_baseline(data, args.envelopes))
            ratio = statistics.median(ours) / statistics.median(raw)
            print(f"\n[{transport}] envelope of {len(data)} bytes")
            print(f"  end to end (envelopes/s): {spread(ours)}")
            kind = "fsync+rename copy" if transport == "spool" else "raw publish+consume"
            print(f"  raw baseline ({kind}, /s): {spread(raw)}")
            print(f"  ratio: {ratio:.2f}×  (target ≥ 0.5×, ≥ 1,000/s) · 0 lost, 0 applied twice")
            trips = round_trips(zones, args.round_trips, transport)
            print(f"  verification round trip over {len(trips)} requests: "
                  f"p50 {percentile(trips, 50):.0f} ms, p95 {percentile(trips, 95):.0f} ms, "
                  f"p99 {percentile(trips, 99):.0f} ms "
                  "(target p50 ≤ 300 ms, p99 ≤ 1 s)")


if __name__ == "__main__":
    main()
