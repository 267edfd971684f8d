#!/usr/bin/env python3
"""Registry lookups at city scale: `find_person` (the comparison code's call) beside a raw SQL
lookup of the same indexed digest, in the same run.

    .venv/bin/python bench/registry_bench.py --persons 1000000 [--lookups 20000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/policeonline \
        .venv/bin/python bench/registry_bench.py --persons 9400000

Generates the synthetic registry into a database of its own (SQLite in a temporary folder, or
`pso_bench_registry` on the PostgreSQL server of DATABASE_URL), then times lookups of random
existing and missing ID numbers: latency p50/p99 per lookup and lookups per second.

On PostgreSQL a registry generated completely by an earlier run with the same ``--persons`` is
used again (the generator is deterministic; 9.4 million persons take about half an hour to
write): ``--fresh`` generates it anew. ``make bench`` runs it at 9.4 million on PostgreSQL.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def kept_persons(server: str) -> int | None:
    """How many persons a complete registry kept by an earlier run holds, if there is one."""
    import psycopg

    try:
        with psycopg.connect(server + "/pso_bench_registry", autocommit=True) as conn:
            row = conn.execute("SELECT persons FROM bench_registry_built").fetchone()
    except psycopg.Error:  # no such database or no marker: generation did not finish
        return None
    return row[0] if row else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--lookups", type=int, default=20_000)
    parser.add_argument("--fresh", action="store_true", help="regenerate a kept PostgreSQL registry")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="pso-registry-bench-")
    os.environ.update(DJANGO_SETTINGS_MODULE="policeonline.settings.intranet",
                      POLICEONLINE_VAR_DIR=tmp)
    server = os.environ.pop("DATABASE_URL", "")
    kept = False
    if server:
        server = server.rsplit("/", 1)[0]
        kept = not args.fresh and kept_persons(server) == args.persons
        if not kept:
            import psycopg

            with psycopg.connect(server + "/postgres", autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS pso_bench_registry WITH (FORCE)")
                conn.execute("CREATE DATABASE pso_bench_registry")
        os.environ["INTRANET_DATABASE_URL"] = server + "/pso_bench_registry"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from policeonline.core.protected import lookup_digest
    from policeonline.registry.lookup import find_person
    from policeonline.registry.models import Person

    call_command("migrate", verbosity=0)
    if kept:
        print(f"registry of {Person.objects.count():,} persons kept from an earlier run · PostgreSQL "
              "(--fresh generates it anew)")
    else:
        started = time.perf_counter()
        call_command("generate_registry", persons=args.persons, verbosity=0)
        print(f"registry of {Person.objects.count():,} persons generated in "
              f"{time.perf_counter() - started:,.0f} s · "
              f"{'PostgreSQL' if server else 'SQLite'}")
        if server:  # only a complete registry is marked for reuse
            with connection.cursor() as cursor:
                cursor.execute("CREATE TABLE bench_registry_built (persons bigint NOT NULL)")
                cursor.execute("INSERT INTO bench_registry_built VALUES (%s)", [args.persons])
    numbers = list(Person.objects.order_by("?").values_list("id_number", flat=True)[:2000])
    rng = random.Random(1)  # noqa: S311 - choosing test inputs
    sample = [rng.choice(numbers) for _ in range(args.lookups)]
    sample[::10] = ["370202199001011237"] * len(sample[::10])  # one in ten finds nothing

    def timed(fn):
        latencies = []
        for number in sample:
            t = time.perf_counter()
            fn(number)
            latencies.append((time.perf_counter() - t) * 1e6)
        return latencies

    table = Person._meta.db_table

    def raw(number):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, name, birth_date FROM {table} WHERE id_digest = %s",  # noqa: S608
                           [lookup_digest("id", number)])
            cursor.fetchone()

    for fn in (raw, find_person):
        timed(fn)  # warm up
    runs = {label: [] for label in ("raw", "ours")}
    for _ in range(5):
        runs["raw"].append(statistics.median(timed(raw)))
        runs["ours"].append(statistics.median(timed(find_person)))
    last = timed(find_person)
    last.sort()
    print(f"  baseline raw SQL lookup: median {statistics.median(runs['raw']):.0f} µs "
          f"(runs {min(runs['raw']):.0f}–{max(runs['raw']):.0f})")
    print(f"  find_person():           median {statistics.median(runs['ours']):.0f} µs "
          f"(runs {min(runs['ours']):.0f}–{max(runs['ours']):.0f}); p99 "
          f"{last[int(len(last) * 0.99)]:.0f} µs")
    print(f"  ratio (baseline / ours): "
          f"{statistics.median(runs['raw']) / statistics.median(runs['ours']):.2f}×")


if __name__ == "__main__":
    main()
