#!/usr/bin/env python3
"""A city's peak hour on the internet zone, and the same arrival schedule against bare views.

    .venv/bin/python bench/peak_day.py [--seconds 60 --rate 630 --submissions 20 --rush 300]
    .venv/bin/python bench/peak_day.py --quick        # 15 s at a tenth of the rates

Jinan (9.4 million people) at its busiest hour needs about 630 dynamic requests/s and 20
submissions/s (../shared/BENCHMARKS.md); a plate rush is the morning a new pool opens. The load
is open-loop: requests are sent on a fixed schedule whatever the server does, and each latency
is counted from the moment its request was due, so a server that falls behind shows it in p95/p99
instead of slowing the client down (no coordinated omission).

- **Browsing** (`--rate`/s): item guides of all 105 items, category pages, the home page, search,
  the catalog API (one item, the list), and signed-in citizens' "my applications" page.
- **Submissions** (`--submissions`/s): `POST /api/v1/applications/{id}/submit` of complete drafts
  made through the product's services (the same preparation as `applications_bench.py`).
- **Plate rush**: a third of the way in, `--rush` owners of JDC-001 applications each display
  random numbers, pick one (a 409 "taken" means another was faster: display again) and confirm,
  as fast as they can, on top of the rest.

Baseline in the same run: the same schedule and concurrency against `/bench/bytes/<page>/`
(the pages' own bytes from a bare view) and `POST /bench/insert/` (one INSERT), behind the same
gunicorn and middleware. Correctness: every submission answered 200 has a receipt number and
exactly one `application.submitted` envelope, and no plate number is confirmed twice.

Needs PostgreSQL (BENCH_POSTGRES) and nothing else; recreates `pso_bench_peak` each run.
"""

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from applications_bench import (  # noqa: E402
    SERVER,
    check_submitted,
    drop,
    http,
    make_drafts,
    percentile,
    prepare_internet,
    request,
    serve,
    stop,
    zone_env,
)

DATABASE = "pso_bench_peak"
MIX = [  # (class, share of browsing)
    ("item_guide", 0.35), ("category", 0.15), ("home", 0.10), ("search", 0.10),
    ("api_item", 0.12), ("api_items", 0.03), ("my_applications", 0.15),
]
SEARCH_WORDS = ["护照", "身份证", "户口", "驾驶证", "居住证", "港澳", "临时", "消防", "号牌", "无犯罪"]
IN_FLIGHT = 1024  # beyond this many open requests the client counts a request as dropped


# --- preparation (steps run in a Django process of the zone) -----------------------------------

def step_sessions(drafts_file: str, rush: int) -> None:
    """Sessions for the citizens who submit, and owners with a released pool for the rush."""
    import django

    django.setup()
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client
    from plates_bench import seed

    from policeonline.accounts.citizens.models import User
    from policeonline.catalog.models import Category, Item

    def session_for(user) -> dict:
        client = Client()
        client.force_login(user, backend="policeonline.accounts.citizens.backends.IdentifierBackend")
        csrf = _get_new_csrf_string()
        return {settings.SESSION_COOKIE_NAME: client.session.session_key, "csrftoken": csrf}

    accounts = []
    for part in json.loads(Path(drafts_file).read_text()):  # made by applications_bench's _drafts
        user = User.objects.get(name=f"测试{int(part['phone'][3:])}")
        accounts.append({"cookies": session_for(user), "drafts": part["drafts"]})
    owners, pool = seed(rush, "峰", 60, 30000) if rush else ([], "")
    by_id = {u.pk: u for u in User.objects.filter(pk__in=[o for _, o in owners])}
    plates = [{"app": app_id, "cookies": session_for(by_id[owner])} for app_id, owner in owners]
    print(json.dumps({"accounts": accounts, "plates": plates, "pool": pool,
                      "items": list(Item.objects.order_by("code").values_list("code", flat=True)),
                      "categories": list(Category.objects.values_list("code", flat=True))}))


# --- the load process --------------------------------------------------------------------------

async def send(port: int, raw: bytes) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(raw)
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return (int(head.split(b" ", 2)[1]) if head else 0), body


async def open_loop(port: int, schedule: list[tuple[float, str, bytes]], rush: list[dict],
                    rush_at: float, baseline: bool) -> dict:
    """Send each request at its time; the rush's selectors run closed-loop from ``rush_at``."""
    results = {}  # class: {"lat": [], "status": {}}
    submitted, won = [], []
    in_flight = 0
    start = time.perf_counter() + 0.5

    def record(kind, due, status):
        slot = results.setdefault(kind, {"lat": [], "status": {}})
        slot["lat"].append((time.perf_counter() - due) * 1000)
        slot["status"][status] = slot["status"].get(status, 0) + 1

    async def one(kind, due, raw, app_id=None):
        nonlocal in_flight
        in_flight += 1
        try:
            status, _ = await send(port, raw)
        except OSError:
            status = 0
        finally:
            in_flight -= 1
        record(kind, due, status)
        if app_id and status == 200:
            submitted.append(app_id)

    async def selector(owner):
        await asyncio.sleep(max(0.0, start + rush_at - time.perf_counter()))
        base = f"/api/v1/applications/{owner['app']}/plate"
        cookies, csrf = owner["cookies"], owner["cookies"]["csrftoken"]
        for _attempt in range(5):
            due = time.perf_counter()
            if baseline:  # the same three writes as bare INSERTs
                for _ in range(3):
                    status, _ = await send(port, request("POST", "/bench/insert/", cookies, csrf=csrf))
                record("plate_rush", due, status)
                return
            status, body = await send(port, request("POST", f"{base}/display", cookies, csrf=csrf))
            if status != 200:
                record("plate_rush", due, status)
                return
            offered = json.loads(body)["offered"]
            status, body = await send(port, request(
                "POST", f"{base}/pick", cookies, csrf=csrf, content_type="application/json",
                body=json.dumps({"plate": offered[0]}).encode()))
            if status == 409:
                continue  # taken by another selector: display again
            if status == 200:
                status, body = await send(port, request("POST", f"{base}/confirm", cookies, csrf=csrf))
                if status == 200:
                    won.append((owner["app"], json.loads(body)["confirmed_plate"]))
            record("plate_rush", due, status)
            return
        record("plate_rush", due, 409)

    tasks = [asyncio.create_task(selector(owner)) for owner in rush]
    dropped = 0
    for at, kind, raw in schedule:
        delay = start + at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        app_id = kind.split(":", 1)[1] if kind.startswith("submit:") else None
        kind = "submit" if app_id else kind
        if in_flight >= IN_FLIGHT:
            dropped += 1
            record(kind, start + at, -1)
            continue
        tasks.append(asyncio.create_task(one(kind, start + at, raw, app_id)))
    await asyncio.gather(*tasks)
    return {"results": results, "submitted": submitted, "won": won, "dropped": dropped,
            "elapsed": time.perf_counter() - start}


def step_load(port: str, plan_file: str, out: str) -> None:
    plan = json.loads(Path(plan_file).read_text())
    schedule = [(at, kind, raw.encode("latin-1")) for at, kind, raw in plan["schedule"]]
    result = asyncio.run(open_loop(int(port), schedule, plan["rush"], plan["rush_at"], plan["baseline"]))
    Path(out).write_text(json.dumps(result))


# --- the schedule ------------------------------------------------------------------------------

def browse_request(kind: str, data: dict, rng: random.Random, baseline: bool, account: dict) -> bytes:
    if baseline:
        return request("GET", f"/bench/bytes/{kind}/", {})
    cookies = {}
    if kind == "item_guide":
        path = f"/items/{rng.choice(data['items'])}/"
    elif kind == "category":
        path = f"/services/{rng.choice(data['categories'])}/"
    elif kind == "home":
        path = "/"
    elif kind == "search":
        path = "/search/?q=" + "".join(f"%{b:02X}" for b in rng.choice(SEARCH_WORDS).encode())
    elif kind == "api_item":
        path = f"/api/v1/catalog/items/{rng.choice(data['items'])}"
    elif kind == "api_items":
        path = "/api/v1/catalog/items"
    else:
        path, cookies = "/applications/", account["cookies"]
    return request("GET", path, cookies)


def make_schedule(args, data: dict, baseline: bool) -> list:
    rng = random.Random(2026)  # noqa: S311 - the same schedule for the product and the baseline
    schedule = []
    shares = [share for _, share in MIX]
    kinds = [kind for kind, _ in MIX]
    browsing = int(args.rate * args.seconds)
    for n in range(browsing):
        kind = rng.choices(kinds, shares)[0]
        raw = browse_request(kind, data, rng, baseline, rng.choice(data["accounts"]))
        schedule.append((n / args.rate, kind, raw.decode("latin-1")))
    drafts = [(d, a["cookies"]) for a in data["accounts"] for d in a["drafts"]]
    for n in range(int(args.submissions * args.seconds)):
        app_id, cookies = drafts[n]
        path = "/bench/insert/" if baseline else f"/api/v1/applications/{app_id}/submit"
        raw = request("POST", path, cookies, csrf=cookies["csrftoken"])
        schedule.append((n / args.submissions, f"submit:{app_id}", raw.decode("latin-1")))
    schedule.sort(key=lambda s: s[0])
    return schedule


def capture_baseline_bytes(port: int, data: dict, tmp: Path) -> None:
    rng = random.Random(1)  # noqa: S311
    account = data["accounts"][0]
    (tmp / "bytes").mkdir(exist_ok=True)
    for kind, _ in MIX:
        status, body = http(port, browse_request(kind, data, rng, False, account))
        if status != 200:
            raise SystemExit(f"{kind}: HTTP {status} while capturing its bytes")
        (tmp / "bytes" / f"{kind}.html").write_bytes(body)


def run(port: int, plan: dict, tmp: Path, name: str) -> dict:
    (tmp / f"{name}.plan.json").write_text(json.dumps(plan))
    subprocess.run([sys.executable, __file__, "_load", str(port), str(tmp / f"{name}.plan.json"),  # noqa: S603
                    str(tmp / f"{name}.out.json")], check=True)
    return json.loads((tmp / f"{name}.out.json").read_text())


def check_plates(won: list) -> dict:
    """Each confirmed number once, each one in the database and reported by one envelope."""
    import psycopg

    with psycopg.connect(f"{SERVER}/{DATABASE}") as conn:
        confirmed, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT plate) FROM plates_selection WHERE plate <> ''").fetchone()
        envelopes = conn.execute(
            "SELECT count(*) FROM exchange_outboxentry WHERE type = 'plate.chosen'").fetchone()[0]
    plates = [plate for _, plate in won]
    return {"won": len(won), "distinct_told": len(set(plates)), "confirmed": confirmed,
            "distinct": distinct, "envelopes": envelopes}


# --- report ------------------------------------------------------------------------------------

def summarise(result: dict) -> dict:
    rows = {}
    for kind, slot in sorted(result["results"].items()):
        lat, statuses = slot["lat"], slot["status"]
        ok = statuses.get("200", statuses.get(200, 0))
        errors = sum(n for s, n in statuses.items() if str(s) not in ("200", "409"))
        rows[kind] = {"n": len(lat), "ok": ok, "errors": errors,
                      "pcts": [percentile(lat, p) for p in (50, 95, 99)]}
    return rows


def report(args, ours: dict, base: dict, check: dict) -> None:
    mine, floor = summarise(ours), summarise(base)
    print(f"\n[peak day] {args.seconds} s · browsing {args.rate}/s · submissions {args.submissions}/s · "
          f"plate rush of {args.rush} at {args.seconds // 3} s · gunicorn {args.workers} sync workers · "
          f"{os.cpu_count()} CPUs · open-loop, latency from the due time")
    print(f"  {'class':<16} {'requests':>8} {'errors':>7}  {'p50/p95/p99 ms':>22}  {'baseline':>22}  "
          f"{'p95 ratio':>9}")
    for kind, row in mine.items():
        floor_row = floor.get(kind, {"pcts": [float("nan")] * 3})
        ratio = floor_row["pcts"][1] / row["pcts"][1] if row["pcts"][1] else float("nan")
        print(f"  {kind:<16} {row['n']:>8,} {row['errors']:>7}  "
              f"{'/'.join(f'{v:.0f}' for v in row['pcts']):>22}  "
              f"{'/'.join(f'{v:.0f}' for v in floor_row['pcts']):>22}  {ratio:>8.2f}×")
    total = sum(r["n"] for r in mine.values())
    errors = sum(r["errors"] for r in mine.values())
    print(f"  {total:,} requests in {ours['elapsed']:.1f} s ({total / ours['elapsed']:,.0f}/s; baseline run "
          f"{base['elapsed']:.1f} s) · errors {errors} · dropped by the client {ours['dropped']}")
    print(f"  correctness: {len(ours['submitted'])} submissions answered 200, each with its own receipt "
          f"number and exactly one envelope · {check['won']} plates confirmed to selectors, "
          f"{check['distinct_told']} distinct, {check['confirmed']} in the database "
          f"({check['distinct']} distinct), {check['envelopes']} plate.chosen envelopes")
    if not (check["won"] == check["distinct_told"] == check["confirmed"] == check["distinct"]
            == check["envelopes"]):
        raise SystemExit("FAILED RUN: a plate number twice, or told but not recorded")
    if errors or ours["dropped"]:
        raise SystemExit("FAILED RUN: errors under load (the figures above are not a peak day served)")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        step, rest = sys.argv[1], sys.argv[2:]
        {"_sessions": lambda: step_sessions(rest[0], int(rest[1])),
         "_load": lambda: step_load(*rest)}[step]()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rate", type=float, default=630)
    parser.add_argument("--submissions", type=float, default=20)
    parser.add_argument("--rush", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=18960)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--drop", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.rate, args.submissions, args.rush = 15, 63, 2, 30
    drafts_needed = int(args.submissions * args.seconds)
    accounts = max(20, drafts_needed // 8 + 1)

    with tempfile.TemporaryDirectory(prefix="pso-bench-peak-") as tmp_name:
        tmp = Path(tmp_name)
        env = zone_env("internet", tmp, DATABASE)
        print(f"[peak day] preparing {DATABASE} on {SERVER}: migrate, catalog, {accounts} citizens × "
              f"8 drafts, {args.rush} plate applicants", flush=True)
        prepare_internet(env, DATABASE, keys=True, insert_table=True)
        merged = make_drafts(env, tmp, accounts, 8, "ZA-001")
        (tmp / "drafts.json").write_text(json.dumps(merged))
        data = json.loads(subprocess.run(  # noqa: S603 - fixed argv
            [sys.executable, __file__, "_sessions", str(tmp / "drafts.json"), str(args.rush)],
            env=env, check=True, stdout=subprocess.PIPE, text=True).stdout.strip().splitlines()[-1])
        server = serve(env, args.port, args.workers)
        try:
            capture_baseline_bytes(args.port, data, tmp)
            base = run(args.port, {"schedule": make_schedule(args, data, True), "rush": data["plates"],
                                   "rush_at": args.seconds / 3, "baseline": True}, tmp, "baseline")
            ours = run(args.port, {"schedule": make_schedule(args, data, False), "rush": data["plates"],
                                   "rush_at": args.seconds / 3, "baseline": False}, tmp, "product")
        finally:
            stop(server)
        check_submitted(DATABASE, ours["submitted"])  # exits with FAILED RUN if one is wrong
        check = check_plates(ours["won"])
        if args.drop:
            drop(DATABASE)
    report(args, ours, base, check)


if __name__ == "__main__":
    main()
