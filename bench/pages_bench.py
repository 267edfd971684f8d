#!/usr/bin/env python3
"""Catalog and guide pages, HTML and JSON, beside a bare Django view in the same run.

    .venv/bin/python bench/pages_bench.py [--workers 5 --connections 16 --seconds 10 --runs 3]
    .venv/bin/python bench/pages_bench.py --quick      # smoke run, about a minute

The internet zone (PostgreSQL database `pso_bench_pages`: migrated, catalog loaded) is served by
gunicorn, the production server (`--workers` sync workers, 2 × cores + 1 by default), with
`bench_settings.py`. Load comes from `wrk` (Debian package `wrk`, one thread so the server
keeps the cores) as an anonymous visitor. For each page the baseline is `/bench/bytes/<page>/`:
a bare view returning the page's own bytes, captured first, behind the same middleware — so the
ratio is what the product's work costs over the framework's floor, on the same machine at the
same moment. Every response must be 200 (wrk counts the rest); any other fails the run.

Targets (issue 7): each page ≥ 0.5× its baseline and ≥ 800 requests/s on 2 cores.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from applications_bench import SERVER, drop, http, prepare_internet, request, serve, stop, zone_env  # noqa: E402

DATABASE = "pso_bench_pages"
TARGET_RATE, TARGET_RATIO = 800, 0.5
PAGES = {  # name: (path, what the page must contain, to be sure it is the real page)
    "home": ("/", b"<main"),
    "category": ("/services/CRJ/", b"<main"),
    "item_guide": ("/items/CRJ-001/", b"<main"),
    "search": ("/search/?q=%E6%8A%A4%E7%85%A7", b"<main"),  # 护照
    "api_items": ("/api/v1/catalog/items", b'"code"'),
    "api_item": ("/api/v1/catalog/items/CRJ-001", b'"code"'),
}
# wrk's summary lacks p95: its Lua hook prints the percentiles and the non-200 count.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("PCTS %.3f %.3f %.3f\\n", latency:percentile(50) / 1000,
           latency:percentile(95) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("ERRORS %d %d\\n", summary.errors.status,
           summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def wrk(url: str, connections: int, seconds: int, script: Path) -> dict:
    out = subprocess.run(  # noqa: S603 - fixed argv
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url],
        check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50, p95, p99 = map(float, re.search(r"PCTS (\S+) (\S+) (\S+)", out).groups())
    status_errors, socket_errors = map(int, re.search(r"ERRORS (\d+) (\d+)", out).groups())
    return {"rate": rate, "pcts": (p50, p95, p99), "errors": status_errors + socket_errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=18950)
    parser.add_argument("--quick", action="store_true", help="3 s per measurement, 1 run")
    parser.add_argument("--drop", action="store_true", help="drop the bench database afterwards")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.runs = 3, 1
    if subprocess.run(["which", "wrk"], capture_output=True).returncode:  # noqa: S603,S607
        raise SystemExit("wrk not found: apt-get install wrk")

    with tempfile.TemporaryDirectory(prefix="pso-bench-pages-") as tmp_name:
        tmp = Path(tmp_name)
        env = zone_env("internet", tmp, DATABASE)
        print(f"[pages] preparing {DATABASE} on {SERVER}: migrate, catalog", flush=True)
        prepare_internet(env, DATABASE)
        script = tmp / "pcts.lua"
        script.write_text(WRK_SCRIPT)
        (tmp / "bytes").mkdir()
        server = serve(env, args.port, args.workers)
        figures = {name: {"ours": [], "base": [], "pcts": [], "base_pcts": []} for name in PAGES}
        errors = 0
        try:
            for name, (path, marker) in PAGES.items():
                status, body = http(args.port, request("GET", path, {}))
                if status != 200 or marker not in body:
                    raise SystemExit(f"{path}: HTTP {status}, not the expected page")
                (tmp / "bytes" / f"{name}.html").write_bytes(body)
            base_url = f"http://127.0.0.1:{args.port}"
            for run in range(args.runs + 1):  # run 0 warms the workers' caches
                for name, (path, _marker) in PAGES.items():
                    ours = wrk(base_url + path, args.connections, args.seconds, script)
                    base = wrk(f"{base_url}/bench/bytes/{name}/", args.connections, args.seconds, script)
                    if run == 0:
                        continue
                    errors += ours["errors"] + base["errors"]
                    fig = figures[name]
                    fig["ours"].append(ours["rate"])
                    fig["base"].append(base["rate"])
                    fig["pcts"].append(ours["pcts"])
                    fig["base_pcts"].append(base["pcts"])
                if run:
                    print(f"  run {run}: " + ", ".join(f"{k} {v['ours'][-1]:,.0f}/s"
                                                       for k, v in figures.items()), flush=True)
        finally:
            stop(server)
            if args.drop:
                drop(DATABASE)
    report(args, figures, errors)


def report(args, figures: dict, errors: int) -> None:
    print(f"\n[pages] anonymous GETs · wrk 1 thread × {args.connections} connections × "
          f"{args.seconds} s × {args.runs} runs · gunicorn {args.workers} sync workers · "
          f"{os.cpu_count()} CPUs")
    print(f"  {'page':<11} {'requests/s':>11} {'bare view /s':>13} {'ratio':>6}  "
          f"{'p50/p95/p99 ms':>18}  {'bare p50/p95/p99':>18}")
    worst_rate, worst_ratio = float("inf"), float("inf")
    for name, fig in figures.items():
        ours, base = statistics.median(fig["ours"]), statistics.median(fig["base"])
        ratio = ours / base
        worst_rate, worst_ratio = min(worst_rate, ours), min(worst_ratio, ratio)
        pcts = "/".join(f"{statistics.median(p[i] for p in fig['pcts']):.1f}" for i in range(3))
        base_pcts = "/".join(f"{statistics.median(p[i] for p in fig['base_pcts']):.1f}" for i in range(3))
        print(f"  {name:<11} {ours:>11,.0f} {base:>13,.0f} {ratio:>5.2f}×  {pcts:>18}  {base_pcts:>18}")
    print(f"  slowest page {worst_rate:,.0f}/s (target ≥ {TARGET_RATE}/s: "
          f"{'met' if worst_rate >= TARGET_RATE else 'NOT met'}) · lowest ratio {worst_ratio:.2f}× "
          f"(target ≥ {TARGET_RATIO}×: {'met' if worst_ratio >= TARGET_RATIO else 'NOT met'}) · "
          f"errors {errors}")
    if errors:
        raise SystemExit("FAILED RUN: responses other than 200 under load")


if __name__ == "__main__":
    main()
