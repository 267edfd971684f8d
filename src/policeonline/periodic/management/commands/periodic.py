"""Run this zone's periodic jobs.

    manage.py periodic run                 run jobs as they fall due, until stopped (SIGTERM/Ctrl-C)
    manage.py periodic run --once          run every due job once, then exit (for cron)
    manage.py periodic run --job NAME      run one job now, due or not
    manage.py periodic list                jobs, intervals, last run and outcome
"""

import logging
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from policeonline.periodic import jobs
from policeonline.periodic.models import JobState
from policeonline.periodic.runner import next_due, run_due

log = logging.getLogger("policeonline.periodic")


class Command(BaseCommand):
    help = "Run or list this zone's periodic jobs."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run")
        run.add_argument("--once", action="store_true")
        run.add_argument("--job")
        run.add_argument("--max-sleep", type=float, default=5.0, help="seconds between checks")
        sub.add_parser("list")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def report(self, results):
        for name, ok, summary in results:
            out = self.stdout if ok else self.stderr
            out.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} {name}: {'ok' if ok else 'FAILED'} — {summary}")

    @staticmethod
    def log(results):
        # The service's lines go through logging: with LOG_FORMAT=json they are JSON too.
        for name, ok, summary in results:
            log.log(logging.INFO if ok else logging.ERROR, "%s: %s — %s", name, "ok" if ok else "FAILED",
                    summary)

    def do_run(self, once, job, max_sleep, **_):
        if job and job not in jobs():
            raise CommandError(f"no periodic job {job!r}; `periodic list` shows them")
        if once or job:
            results = run_due(only=job)
            self.report(results)
            if any(not ok for _, ok, _ in results):
                raise CommandError("a periodic job failed")
            return
        stopping = []
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stopping.append(True))
        log.info("periodic: %d jobs: %s", len(jobs()), ", ".join(jobs()))
        while not stopping:
            self.log(run_due())
            wait = (next_due(timezone.now()) - timezone.now()).total_seconds()
            deadline = time.monotonic() + min(max(wait, 0.2), max_sleep)
            while not stopping and time.monotonic() < deadline:
                time.sleep(0.2)

    def do_list(self, **_):
        states = {s.name: s for s in JobState.objects.all()}
        for name, job in jobs().items():
            state = states.get(name)
            last = (f"last {state.started_at:%Y-%m-%d %H:%M:%S} "
                    f"{'ok' if state.ok else 'FAILED' if state.ok is False else 'running'}"
                    f" ({state.summary})") if state and state.started_at else "never run"
            self.stdout.write(f"{name:40} every {job.every}  {last}")
