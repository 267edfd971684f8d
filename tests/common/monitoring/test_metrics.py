"""/metrics: Prometheus text with the series operators alert on, only for a caller with the
token from a monitoring network, and numbers that move when something happens."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from policeonline.audit.chain import seal
from policeonline.audit.models import AuditEvent
from policeonline.exchange import outbox
from policeonline.periodic import job, registry
from policeonline.periodic.runner import run_due

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-metrics-token-for-tests"


@pytest.fixture(autouse=True)
def token():
    with override_settings(METRICS_TOKEN=TOKEN):
        yield


def scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels) -> float:
    labels.setdefault("zone", "internet")
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def names(samples) -> set[str]:
    return {name for name, _labels in samples}


def test_the_scrape_has_the_series_operators_need(client):
    client.get("/")
    outbox.enqueue("exchange.probe", {"label": "metrics", "sent_at": "now"})
    samples = scrape(client)
    assert {"pso_http_requests_total", "pso_http_request_duration_seconds_bucket",
            "pso_http_request_duration_seconds_count", "pso_database_up",
            "pso_exchange_outbox_unacked", "pso_exchange_outbox_unshipped",
            "pso_exchange_outbox_oldest_unacked_age_seconds", "pso_exchange_alerts_open",
            "pso_periodic_job_interval_seconds", "pso_audit_seal_lag_seconds",
            "pso_audit_unsealed_events", "pso_metrics_collect_seconds"} <= names(samples)
    assert value(samples, "pso_database_up") == 1
    assert value(samples, "pso_http_requests_total", view="portal:home", method="GET", status="200") >= 1
    assert value(samples, "pso_periodic_job_interval_seconds", job="audit.seal") == 60


def test_the_backlog_grows_when_an_envelope_is_queued_and_ages(client):
    before = scrape(client)
    stream = "intranet/main"
    outbox.enqueue("exchange.probe", {"label": "backlog", "sent_at": "now"})
    outbox.enqueue("exchange.probe", {"label": "backlog", "sent_at": "now"})
    after = scrape(client)
    assert value(after, "pso_exchange_outbox_unacked", stream=stream) == \
        value(before, "pso_exchange_outbox_unacked", stream=stream) + 2
    assert value(after, "pso_exchange_outbox_unshipped", stream=stream) == \
        value(before, "pso_exchange_outbox_unshipped", stream=stream) + 2
    from policeonline.exchange.models import OutboxEntry

    OutboxEntry.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    aged = scrape(client)
    assert 600 <= value(aged, "pso_exchange_outbox_oldest_unacked_age_seconds", stream=stream) < 660


def test_requests_are_counted_by_view_and_status(client):
    key = {"view": "portal:home", "method": "GET", "status": "200"}
    before = scrape(client)
    for _ in range(3):
        client.get("/")
    client.get("/no-such-page/")
    after = scrape(client)
    assert value(after, "pso_http_requests_total", **key) == \
        value(before, "pso_http_requests_total", **key) + 3
    missing = {"view": "unresolved", "method": "GET", "status": "404"}
    assert value(after, "pso_http_requests_total", **missing) == \
        value(before, "pso_http_requests_total", **missing) + 1
    count = {"view": "portal:home", "method": "GET"}
    assert value(after, "pso_http_request_duration_seconds_count", **count) == \
        value(before, "pso_http_request_duration_seconds_count", **count) + 3


@pytest.fixture
def jobs():
    saved = dict(registry._JOBS)
    registry._JOBS.clear()
    outcome = {"fail": False}

    @job("test.metrics", every=timedelta(minutes=5))
    def flaky():
        if outcome["fail"]:
            raise RuntimeError("down")
        return "fine"

    yield outcome
    registry._JOBS.clear()
    registry._JOBS.update(saved)


def test_periodic_jobs_show_their_last_success_and_failures(client, jobs):
    start = timezone.now()
    run_due(start)
    first = scrape(client)
    succeeded = value(first, "pso_periodic_job_last_success_timestamp_seconds", job="test.metrics")
    assert abs(succeeded - timezone.now().timestamp()) < 60
    assert value(first, "pso_periodic_job_last_run_ok", job="test.metrics") == 1
    jobs["fail"] = True
    run_due(start + timedelta(minutes=6))
    second = scrape(client)
    assert value(second, "pso_periodic_job_failures_total", job="test.metrics") == 1
    assert value(second, "pso_periodic_job_runs_total", job="test.metrics") == 2
    assert value(second, "pso_periodic_job_last_run_ok", job="test.metrics") == 0
    # the last success is still the first run's: an alert on its age fires
    assert value(second, "pso_periodic_job_last_success_timestamp_seconds", job="test.metrics") == succeeded


def test_the_audit_seal_lag_shows_unsealed_events_until_the_sealer_runs(client):
    seal(now=timezone.now() + timedelta(minutes=1))
    assert value(scrape(client), "pso_audit_unsealed_events") == 0
    AuditEvent.objects.create(actor="test", action="metrics.probe",  # written 5 minutes ago
                              at=timezone.now() - timedelta(minutes=5))
    lagging = scrape(client)
    assert value(lagging, "pso_audit_unsealed_events") == 1
    assert 295 <= value(lagging, "pso_audit_seal_lag_seconds") < 360
    seal()
    sealed = scrape(client)
    assert value(sealed, "pso_audit_unsealed_events") == 0
    assert value(sealed, "pso_audit_seal_lag_seconds") == 0


def test_without_the_token_nothing_is_shown(client):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": TOKEN}):
        response = client.get("/metrics", **headers)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert b"pso_" not in response.content


def test_from_outside_the_monitoring_networks_the_token_is_not_enough(client):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", REMOTE_ADDR="203.0.113.9",
                          HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert response.status_code == 403 and b"pso_" not in response.content
    with override_settings(MONITORING_ALLOWED_NETWORKS=["203.0.113.0/24"]):
        assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
                          REMOTE_ADDR="203.0.113.9").status_code == 200


def test_without_a_configured_token_the_endpoint_is_off(client):
    with override_settings(METRICS_TOKEN=""):
        response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 404


def test_the_inbox_applied_count_moves_when_an_envelope_from_the_other_zone_is_applied(client, exchange_keys):
    from policeonline.exchange import types
    from policeonline.exchange.endpoint import default_endpoint
    from policeonline.exchange.envelope import seal as seal_envelope
    from policeonline.exchange.inbox import process

    before = value(scrape(client), "pso_exchange_inbox_applied_total", stream="intranet/main")
    probe = types.get("exchange.probe", 1, "intranet")
    for seq in (1, 2):
        _, data = seal_envelope(probe, {"label": "inbox", "sent_at": "now"},
                                keyring=exchange_keys["intranet"], seq=seq, stream="main")
        process(default_endpoint(), data, "test")
    assert value(scrape(client), "pso_exchange_inbox_applied_total", stream="intranet/main") == before + 2
