#!/usr/bin/env python3
"""Plate allocation (机动车号牌网上选号) under concurrent selectors, beside a raw-SQL ceiling.

    .venv/bin/python bench/plates_bench.py [--clients 32 --processes 2 --allocations 1500 --runs 3]
    .venv/bin/python bench/plates_bench.py --processes 32   # one selector per process

Internet zone on PostgreSQL (database ``pso_bench_plates``, recreated each run of the script):
submitted vehicle-registration applications and a released pool of numbers are written
directly (releasing and submitting are measured elsewhere). Then ``--clients`` selectors
(threads spread over ``--processes`` processes, each thread with its own connection) each
take applications from a shared list and allocate through the product's one write path:
``plates.services.display`` → ``pick`` (the first shown number; the next on "taken") →
``confirm`` — three transactions with the application's row lock, the number's
``FOR UPDATE SKIP LOCKED``, audit rows and the ``plate.chosen`` envelope in the outbox. The
selectors pass ``User(pk=…)``, what a signed-in request has (the steps read only its id).
``--processes 32`` gives each selector its own process, as gunicorn's sync workers are.

Equal conditions for both sides: every client has connected and waits at a start line before
the clock starts (forking and connecting are not measured), and the freshly written tables are
analysed (``ANALYZE``) before each measurement, as autovacuum keeps them in service — a bench
server may run without autovacuum, and on tables never analysed the planner chose poor plans.

The hold step alone (skip it with ``--no-hold``): new applications each shown a display
first (not timed), then the same clients only ``pick`` (the first shown number; the next on
"taken"; a new display, timed, if all were taken meanwhile): one transaction that locks the
application and takes the number with ``FOR UPDATE SKIP LOCKED``, with its audit row — the
step that hands out a number.

Baseline in the same run: the same clients allocating from a second pool of the same size with
one raw statement each (``UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED) RETURNING``,
autocommit) — the database's ceiling for handing out numbers, with none of the product's
rules, records or messages. After each run: every number allocated at most once, every
application at most one number, allocations counted in the database equal what the selectors
were told — else the run fails.

Targets (issue 5, for the whole flow): ≥ 500 allocations/s and ≥ 0.25× the raw ceiling, 0 double allocations.
"""

import argparse
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DATABASE = "pso_bench_plates"
TARGET_RATE, TARGET_RATIO = 500, 0.25


def recreate() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def zone_env(tmp: Path) -> dict:
    return dict(os.environ, DJANGO_SETTINGS_MODULE="policeonline.settings.internet",
                INTERNET_DATABASE_URL=f"{SERVER}/{DATABASE}", POLICEONLINE_VAR_DIR=str(tmp),
                EXCHANGE_KEY_DIR=str(tmp / "keys"), LOG_LEVEL="WARNING",
                PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True)  # noqa: S603


# --- inside the zone's Django process -----------------------------------------------------------

def setup_django(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def seed(count: int, label: str, tag: int, first_number: int) -> tuple[list[tuple[str, int]], str]:
    """``count`` submitted JDC-001 applications (one owner each) and a pool of 2 × count
    numbers; returns [(application id, owner id)] and the pool's name. ``tag`` (0–69) keeps
    each batch's people apart: birth year 1950 + tag, phone numbers 13x… to 19x…."""
    if not 0 <= tag < 70:  # 2020 and later births are children; 1 + 3 + 7 would be 12 digits
        raise ValueError(f"tag {tag} is outside 0–69")
    import json
    from datetime import UTC, datetime

    from stdnum.cn import ric

    from policeonline.accounts.citizens.models import User
    from policeonline.applications.models import Application
    from policeonline.applications.receipts import new_receipt_no
    from policeonline.plates.models import ReleasedNumber

    users = []
    for n in range(count):
        body = f"370102{1950 + tag}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        user = User(kind=User.Kind.CITIZEN, name=f"车主{label}{n}",
                    verification=User.Verification.VERIFIED)
        user.set_identity(body + ric.calc_check_digit(body + "0"))
        user.set_phone(f"1{3 + tag // 10}{tag % 10}{n:08d}")
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=1000)
    users = list(User.objects.filter(name__startswith=f"车主{label}").order_by("id"))
    data = json.dumps({"vehicle_kind": "small", "plate_selection": "online"})
    now = datetime.now(UTC)
    apps = Application.objects.bulk_create([
        Application(owner=user, item_code="JDC-001", status=Application.Status.SENT, state="sent",
                    workflow="visit", round=1, receipt_no=new_receipt_no(2026), data_json=data,
                    submitted_at=now) for user in users], batch_size=1000)
    pool = f"P20261127-B{tag:03d}"  # the protocol's pool name pattern
    rng = random.Random(first_number)  # noqa: S311 - benchmark data
    ReleasedNumber.objects.bulk_create([
        ReleasedNumber(plate=f"鲁A{first_number + i:05d}", prefix="鲁A", plate_type="02", pool=pool,
                       shuffle=rng.randrange(2**31)) for i in range(2 * count)], batch_size=2000)
    analyze()
    return [(str(app.pk), app.owner_id) for app in apps], pool


def analyze() -> None:
    """Fresh planner statistics before the clock starts, as autovacuum keeps them in service
    (a bench server may run without it; this one did, and then the planner walked a whole
    kind of numbers for one plate). Both sides are measured on the tables analysed alike."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("applications_application", "plates_releasednumber", "plates_selection",
                      "exchange_outgoingstream", "audit_auditevent"):
            cursor.execute(f"ANALYZE {table}")


def allocate_with_services(jobs, threads: int, results, start) -> None:
    from django.db import connections

    from policeonline.accounts.citizens.models import User
    from policeonline.plates import services

    lock = threading.Lock()
    won, refused, errors = [], 0, []

    def client():
        nonlocal refused
        start.line_up()
        while True:
            with lock:
                if not jobs:
                    break
                app_id, owner_id = jobs.pop()
            user = User(pk=owner_id)  # what a signed-in request has; the steps read only its id
            try:
                for plate in services.display(app_id, user):
                    try:
                        services.pick(app_id, user, plate)
                        break
                    except services.Refused as exc:
                        if exc.code != "taken":
                            raise
                        with lock:
                            refused += 1
                selection = services.confirm(app_id, user)
                with lock:
                    won.append((app_id, selection.plate))
            except services.Refused as exc:
                with lock:
                    errors.append(f"refused {exc.code}")
            except Exception as exc:  # noqa: BLE001 - reported, fails the run
                with lock:
                    errors.append(repr(exc))
        connections.close_all()

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.put((won, refused, errors))


def hold_with_services(jobs, threads: int, results, start) -> None:
    """``pick`` only: the applications were shown a display before the clock started."""
    from django.db import connections

    from policeonline.accounts.citizens.models import User
    from policeonline.plates import services

    lock = threading.Lock()
    won, refused, errors = [], 0, []

    def client():
        nonlocal refused
        start.line_up()
        while True:
            with lock:
                if not jobs:
                    break
                app_id, owner_id, shown = jobs.pop()
            user = User(pk=owner_id)  # what a signed-in request has; pick reads only its id
            try:
                for _attempt in range(3):
                    for plate in shown:
                        try:
                            held = services.pick(app_id, user, plate)
                            with lock:
                                won.append((app_id, held.plate))
                            break
                        except services.Refused as exc:
                            if exc.code != "taken":
                                raise
                            with lock:
                                refused += 1
                    else:  # all shown before the clock started are gone: display again (timed)
                        shown = services.display(app_id, user)
                        continue
                    break
                else:
                    with lock:
                        errors.append("every shown number taken, three times")
            except Exception as exc:  # noqa: BLE001 - reported, fails the run
                with lock:
                    errors.append(repr(exc))
        connections.close_all()

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.put((won, refused, errors))


def shown_first(jobs) -> list:
    """The display before the hold step (one each, in this process, not timed)."""
    from policeonline.accounts.citizens.models import User
    from policeonline.plates import services

    return [(app_id, owner_id, services.display(app_id, User(pk=owner_id)))
            for app_id, owner_id in jobs]


def allocate_raw(jobs, threads: int, results, start, pool: str) -> None:
    from django.db import connections

    lock = threading.Lock()
    won, errors = [], []

    def client():
        start.line_up()
        with connections["default"].cursor() as cursor:
            while True:
                with lock:
                    if not jobs:
                        break
                    app_id, _owner = jobs.pop()
                cursor.execute(
                    "UPDATE plates_releasednumber SET status = 'allocated', holder_id = %s "
                    "WHERE id = (SELECT id FROM plates_releasednumber WHERE pool = %s "
                    "AND status = 'free' AND prefix = '鲁A' AND plate_type = '02' "
                    "AND shuffle >= %s ORDER BY shuffle LIMIT 1 FOR UPDATE SKIP LOCKED) "
                    "RETURNING plate", [app_id, pool, random.randrange(2**30)])  # noqa: S311
                row = cursor.fetchone()
                if row is None:  # nothing above that random point: take the lowest
                    cursor.execute(
                        "UPDATE plates_releasednumber SET status = 'allocated', holder_id = %s "
                        "WHERE id = (SELECT id FROM plates_releasednumber WHERE pool = %s "
                        "AND status = 'free' ORDER BY shuffle LIMIT 1 FOR UPDATE SKIP LOCKED) "
                        "RETURNING plate", [app_id, pool])
                    row = cursor.fetchone()
                with lock:
                    (won.append((app_id, row[0])) if row else errors.append("pool empty"))
        connections.close_all()

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.put((won, 0, errors))


class StartLine:
    """Every client connected and waiting before the clock starts: forking the processes and
    opening the connections are not measured (on either side)."""

    def __init__(self, ctx):
        self.ready, self.go = ctx.Semaphore(0), ctx.Event()

    def line_up(self) -> None:
        from django.db import connection

        connection.ensure_connection()
        self.ready.release()
        self.go.wait()


def run_clients(kind: str, jobs: list, clients: int, processes: int, pool: str) -> dict:
    """Start ``processes`` forked processes of ``clients / processes`` threads; each takes
    from its own slice of the applications. Returns rate and the outcome."""
    from django.db import connections

    connections.close_all()  # never share a connection with a child
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    start = StartLine(ctx)
    slices = [jobs[i::processes] for i in range(processes)]
    per = max(clients // processes, 1)
    target = {"services": allocate_with_services, "hold": hold_with_services}.get(kind)
    procs = [ctx.Process(target=target or allocate_raw,
                         args=(part, per, results, start) if target else (part, per, results, start, pool))
             for part in slices]
    for proc in procs:
        proc.start()
    for _ in range(per * processes):
        start.ready.acquire()
    started = time.perf_counter()
    start.go.set()
    outcome = [results.get() for _ in procs]
    elapsed = time.perf_counter() - started
    for proc in procs:
        proc.join()
    won = [w for part, _, _ in outcome for w in part]
    return {"rate": len(won) / elapsed, "won": won, "taken": sum(o[1] for o in outcome),
            "errors": [e for _, _, errs in outcome for e in errs], "elapsed": elapsed}


def check(kind: str, result: dict, pool: str) -> None:
    from django.db import connection

    won = result["won"]
    if result["errors"]:
        raise SystemExit(f"FAILED RUN ({kind}): {result['errors'][:5]}")
    plates = [plate for _, plate in won]
    if len(set(plates)) != len(plates) or len({a for a, _ in won}) != len(won):
        raise SystemExit(f"FAILED RUN ({kind}): a number or an application twice")
    apps = [app_id for app_id, _ in won]
    with connection.cursor() as cursor:
        # The selectors may draw from any pool of their kind; the raw clients from theirs.
        status = "held" if kind == "hold" else "allocated"
        cursor.execute("SELECT count(*), count(DISTINCT holder_id) FROM plates_releasednumber "
                       "WHERE status = %s AND (holder_id::text = ANY(%s) OR pool = %s)",
                       [status, [a.replace("-", "") for a in apps] + apps, pool])
        allocated, holders = cursor.fetchone()
        if kind == "services":
            cursor.execute("SELECT count(*), count(DISTINCT plate) FROM plates_selection "
                           "WHERE plate <> ''")
            confirmed, distinct = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM exchange_outboxentry WHERE type = 'plate.chosen'")
            envelopes = cursor.fetchone()[0]
            if not (confirmed == distinct == envelopes):
                raise SystemExit(f"FAILED RUN: {confirmed} confirmed, {distinct} distinct, "
                                 f"{envelopes} envelopes")
    if not (allocated == holders == len(won)):
        raise SystemExit(f"FAILED RUN ({kind}): {allocated} allocated rows, {holders} holders, "
                         f"{len(won)} told")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--allocations", type=int, default=1500, help="per run and side")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-hold", dest="hold", action="store_false",
                        help="skip the hold step's own measurement")
    parser.add_argument("--drop", action="store_true", help="drop the database afterwards")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pso-bench-plates-") as tmp:
        env = zone_env(Path(tmp))
        print(f"[plates] preparing {DATABASE}: migrate, catalog, keys", flush=True)
        recreate()
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_catalog", "-v", "0")
        manage(env, "exchange", "keys", "create")
        setup_django(env)
        ours, raw, holds, hold_raw = [], [], [], []
        for run in range(args.runs + 1):
            label = f"r{run}"
            jobs, pool = seed(args.allocations, f"{label}s", 2 * run,
                              10000 + run * 2 * args.allocations)
            result = run_clients("services", jobs, args.clients, args.processes, pool)
            check("services", result, pool)
            # The raw pool is released only now: the selectors draw from every pool of their
            # kind, the raw statement from its own.
            base_jobs, base_pool = seed(args.allocations, f"{label}b", 2 * run + 1,
                                        50000 + run * 2 * args.allocations)
            baseline = run_clients("raw", base_jobs, args.clients, args.processes, base_pool)
            check("raw", baseline, base_pool)
            name = "warm-up" if run == 0 else f"run {run}"
            print(f"  {name}: {result['rate']:,.0f} allocations/s ({len(result['won'])}, "
                  f"{result['taken']} picks lost to another selector) · raw ceiling "
                  f"{baseline['rate']:,.0f}/s", flush=True)
            if run:
                ours.append(result["rate"])
                raw.append(baseline["rate"])
            if args.hold:
                jobs, pool = seed(args.allocations, f"{label}h", 20 + 2 * run,
                                  26000 + run * 2 * args.allocations)
                held = run_clients("hold", shown_first(jobs), args.clients, args.processes, pool)
                check("hold", held, pool)
                base_jobs, base_pool = seed(args.allocations, f"{label}k", 21 + 2 * run,
                                            65000 + run * 2 * args.allocations)
                baseline = run_clients("raw", base_jobs, args.clients, args.processes, base_pool)
                check("raw", baseline, base_pool)
                print(f"  {name}, hold step: {held['rate']:,.0f} holds/s ({held['taken']} picks "
                      f"lost) · raw ceiling {baseline['rate']:,.0f}/s", flush=True)
                if run:
                    holds.append(held["rate"])
                    hold_raw.append(baseline["rate"])
            from policeonline.exchange.models import OutboxEntry

            OutboxEntry.objects.all().delete()  # the check counts this run's envelopes only
            from policeonline.plates.models import Selection

            Selection.objects.all().delete()
    ratio = statistics.median(ours) / statistics.median(raw)
    spread = lambda v: f"median {statistics.median(v):,.0f} ({min(v):,.0f}–{max(v):,.0f})"  # noqa: E731
    print(f"\n[plates] {args.allocations} allocations per run × {args.runs} runs, {args.clients} "
          f"clients in {args.processes} processes, PostgreSQL, {os.cpu_count()} CPUs")
    print(f"  display → pick → confirm (allocations/s): {spread(ours)}")
    print(f"  raw SQL ceiling (allocations/s):          {spread(raw)}")
    print(f"  ratio: {ratio:.2f}×  (targets ≥ {TARGET_RATE}/s and ≥ {TARGET_RATIO}×: "
          f"{'met' if statistics.median(ours) >= TARGET_RATE else 'NOT met'} / "
          f"{'met' if ratio >= TARGET_RATIO else 'NOT met'}) · 0 numbers or applications twice")
    if holds:
        print(f"  hold step alone, pick (holds/s):         {spread(holds)}")
        print(f"  raw SQL ceiling beside it:                {spread(hold_raw)}")
        print(f"  hold step ratio: {statistics.median(holds) / statistics.median(hold_raw):.2f}×")
    if args.drop:
        from django.db import connections

        connections.close_all()
        import psycopg

        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    main()
