"""Claim due jobs and run them; a failing job is recorded and retried at its next interval,
never allowed to stop the others."""

import logging
import traceback
from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone

from .models import JobState
from .registry import Job, jobs

log = logging.getLogger("policeonline.periodic")


def claim(job: Job, now: datetime, *, force: bool = False) -> bool:
    """Mark ``job`` started if it is due (or ``force``); False if another scheduler has it."""
    JobState.objects.get_or_create(name=job.name)
    due = Q(started_at__isnull=True) | Q(started_at__lte=now - job.every)
    # A run that crashed without finishing is taken over after one interval all the same.
    claimed = JobState.objects.filter(Q(name=job.name) & (Q() if force else due)).update(started_at=now)
    return claimed == 1


def run(job: Job) -> tuple[bool, str]:
    try:
        summary, ok = str(job() or "done"), True
    except Exception as exc:  # the scheduler outlives any one job's failure
        log.error("periodic job %s failed:\n%s", job.name, traceback.format_exc())
        summary, ok = f"{type(exc).__name__}: {exc}", False
    finished = timezone.now()
    JobState.objects.filter(name=job.name).update(
        finished_at=finished, ok=ok, summary=summary[:500], runs=F("runs") + 1,
        failures=F("failures") + (0 if ok else 1), **({"succeeded_at": finished} if ok else {}))
    return ok, summary


def run_due(now: datetime | None = None, *, only: str | None = None) -> list[tuple[str, bool, str]]:
    """Run every due job once (or just ``only``, due or not); return (name, ok, summary)."""
    now = now or timezone.now()
    done = []
    for name, job in jobs().items():
        if only and name != only:
            continue
        if claim(job, now, force=bool(only)):
            ok, summary = run(job)
            done.append((name, ok, summary))
    return done


def next_due(now: datetime) -> datetime:
    """When the next job falls due (so the loop can sleep until then)."""
    states = dict(JobState.objects.values_list("name", "started_at"))
    times = [(states.get(name) or now) + job.every for name, job in jobs().items()]
    return min(times, default=now + timedelta(minutes=1))
