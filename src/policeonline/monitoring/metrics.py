"""Metrics in Prometheus text format (ADR 0034).

Two kinds:

- **Request metrics**, counted by each process as requests pass (``observe_request``). Under
  gunicorn with ``PROMETHEUS_MULTIPROC_DIR`` set, every worker writes its numbers to files in
  that folder and a scrape of any worker adds them all up (prometheus_client's multiprocess
  mode); without it (runserver, the demo, tests) the process's own registry is read.
- **Zone metrics**, read from the zone's database at scrape time (``ZoneCollector``): the
  exchange's backlog, the inbox, periodic jobs, overdue cases, the audit seal. They are the
  same whichever process is scraped, so no worker needs to keep them.
"""

import logging
import os
import time
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

log = logging.getLogger("policeonline.monitoring")
disable_created_metrics()  # the *_created series only double the scrape

REQUESTS = Counter("pso_http_requests", "HTTP requests answered, by view and status.",
                   ["zone", "view", "method", "status"])
LATENCY = Histogram("pso_http_request_duration_seconds", "Time to answer a request, by view.",
                    ["zone", "view", "method"],
                    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def observe_request(view: str, method: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "other"  # a label must not take any value sent
    REQUESTS.labels(settings.ZONE, view, method, str(status)).inc()
    LATENCY.labels(settings.ZONE, view, method).observe(seconds)


class _ProcessRegistry:
    """This process's own metrics (no multiprocess folder)."""

    def collect(self):
        return REGISTRY.collect()


def gauge(name: str, doc: str, labels: list[str] | None = None) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, doc, labels=["zone", *(labels or [])])


class ZoneCollector:
    """Reads the zone's state from its database on each scrape; a few indexed queries."""

    def collect(self):
        zone = settings.ZONE
        up = gauge("pso_database_up", "1 when the zone's database answered this scrape.")
        started = time.monotonic()
        families = []
        try:
            families = list(self._from_database(zone))
            up.add_metric([zone], 1)
        except Exception:  # the scrape still answers, saying the database is down
            log.exception("metrics: the zone's database did not answer")
            up.add_metric([zone], 0)
        took = gauge("pso_metrics_collect_seconds", "Time the zone metrics took to read.")
        took.add_metric([zone], time.monotonic() - started)
        yield up
        yield took
        yield from families

    def _from_database(self, zone):
        now = timezone.now()
        yield from self._exchange(zone, now)
        yield from self._periodic(zone)
        yield from self._audit(zone, now)
        if apps.is_installed("policeonline.cases"):
            from policeonline.cases.models import Case

            overdue = gauge("pso_cases_overdue", "Open cases past their next time limit.")
            overdue.add_metric([zone], Case.objects.filter(
                is_open=True, next_due__lt=timezone.localdate()).count())
            yield overdue

    def _exchange(self, zone, now):
        from policeonline.exchange.models import (
            ExchangeAlert,
            IncomingStream,
            OutboxEntry,
            QuarantinedEnvelope,
        )
        from policeonline.exchange.types import CONTROL_STREAM

        unacked = gauge("pso_exchange_outbox_unacked", "Envelopes sent or waiting to be sent and "
                        "not yet acknowledged by the other zone.", ["stream"])
        unshipped = gauge("pso_exchange_outbox_unshipped", "Envelopes not yet handed to the "
                          "transport.", ["stream"])
        oldest = gauge("pso_exchange_outbox_oldest_unacked_age_seconds", "Age of the oldest "
                       "unacknowledged envelope (0 when none).", ["stream"])
        pending = (OutboxEntry.objects.filter(acked_at=None).exclude(stream__name=CONTROL_STREAM)
                   .values("stream__to_zone", "stream__name"))
        for row in pending.annotate(n=Count("id"), first=Min("created_at")):
            stream = f"{row['stream__to_zone']}/{row['stream__name']}"
            unacked.add_metric([zone, stream], row["n"])
            oldest.add_metric([zone, stream], (now - row["first"]).total_seconds())
        for row in (OutboxEntry.objects.filter(shipped_at=None).exclude(stream__name=CONTROL_STREAM)
                    .values("stream__to_zone", "stream__name").annotate(n=Count("id"))):
            unshipped.add_metric([zone, f"{row['stream__to_zone']}/{row['stream__name']}"], row["n"])
        yield from (unacked, unshipped, oldest)

        applied = CounterMetricFamily("pso_exchange_inbox_applied", "Envelopes applied from the "
                                      "other zone (the stream's applied position).",
                                      labels=["zone", "stream"])
        for stream in IncomingStream.objects.exclude(name=CONTROL_STREAM):
            applied.add_metric([zone, f"{stream.from_zone}/{stream.name}"], stream.next_expected - 1)
        yield applied

        quarantine = gauge("pso_exchange_quarantined", "Refused envelopes not released, by "
                           "reason.", ["reason"])
        for reason, n in (QuarantinedEnvelope.objects.filter(released_at=None).values_list("reason")
                          .annotate(n=Count("id")).order_by("reason")):
            quarantine.add_metric([zone, reason], n)
        alerts = gauge("pso_exchange_alerts_open", "Open exchange alerts (e.g. sequence gaps).")
        alerts.add_metric([zone], ExchangeAlert.objects.filter(resolved_at=None).count())
        yield from (quarantine, alerts)

    def _periodic(self, zone):
        from policeonline.periodic.models import JobState
        from policeonline.periodic.registry import jobs

        success = gauge("pso_periodic_job_last_success_timestamp_seconds", "When the job last "
                        "finished without error (Unix time).", ["job"])
        last_ok = gauge("pso_periodic_job_last_run_ok", "1 when the job's last run succeeded, 0 "
                        "when it failed.", ["job"])
        interval = gauge("pso_periodic_job_interval_seconds", "How often the job is due.", ["job"])
        runs = CounterMetricFamily("pso_periodic_job_runs", "Runs of the job.", labels=["zone", "job"])
        failures = CounterMetricFamily("pso_periodic_job_failures", "Failed runs of the job.",
                                       labels=["zone", "job"])
        declared = jobs()
        for name, job in declared.items():
            interval.add_metric([zone, name], job.every.total_seconds())
        for state in JobState.objects.filter(name__in=declared):
            if state.succeeded_at:
                success.add_metric([zone, state.name], state.succeeded_at.timestamp())
            if state.ok is not None:
                last_ok.add_metric([zone, state.name], 1 if state.ok else 0)
            runs.add_metric([zone, state.name], state.runs)
            failures.add_metric([zone, state.name], state.failures)
        yield from (success, last_ok, interval, runs, failures)

    def _audit(self, zone, now):
        from policeonline.audit.models import AuditCheckpoint, AuditEvent, AuditSeal

        last = (AuditSeal.objects.order_by("-event_id").values_list("event_id", flat=True).first()
                or AuditCheckpoint.objects.values_list("upto_event_id", flat=True).first() or 0)
        unsealed = AuditEvent.objects.filter(pk__gt=last)
        first = unsealed.aggregate(first=Min("at"))["first"]
        lag = gauge("pso_audit_seal_lag_seconds", "Age of the oldest audit event not yet sealed "
                    "into the hash chain (0 when none; the sealer waits 30 s for events to settle).")
        lag.add_metric([zone], max((now - first) / timedelta(seconds=1), 0.0) if first else 0.0)
        count = gauge("pso_audit_unsealed_events", "Audit events not yet sealed.")
        count.add_metric([zone], unsealed.count())
        yield from (lag, count)


def render() -> bytes:
    """The scrape: request metrics (all workers' when in multiprocess mode) and zone metrics."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ProcessRegistry())
    registry.register(ZoneCollector())
    return generate_latest(registry)
