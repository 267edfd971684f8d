"""Liveness and readiness probes: liveness needs nothing but the process; readiness names the
database, the boundary transport and the shared cache, and turns 503 when one is down."""

import json
import socket

import pytest
from django.test import override_settings

from tests.conftest import need

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def spool_root(settings):
    """The exchange worker makes the spool root; in this test run nothing has started one."""
    from pathlib import Path

    Path(settings.EXCHANGE_TRANSPORT["options"]["root"]).mkdir(parents=True, exist_ok=True)


def ready(client, **extra):
    response = client.get("/health/ready", **extra)
    return response.status_code, json.loads(response.content)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once closed


def reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def test_liveness_answers_without_host_check_or_https_redirect(client):
    with override_settings(ALLOWED_HOSTS=["police.example.cn"], SECURE_SSL_REDIRECT=True):
        response = client.get("/health/live", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "zone": "internet"}


def test_readiness_is_ok_when_database_transport_and_cache_answer(client):
    status, body = ready(client)
    assert status == 200, body
    assert body == {"status": "ok", "zone": "internet",
                    "checks": {"database": "ok", "exchange_transport": "ok", "cache": "ok"}}


def test_readiness_fails_when_the_broker_is_unreachable(client, settings):
    settings.EXCHANGE_TRANSPORT = {"name": "amqp", "options": {
        "url": f"amqp://guest:guest@127.0.0.1:{closed_port()}/%2F"}}
    status, body = ready(client)
    assert status == 503
    assert body["status"] == "fail" and body["checks"]["exchange_transport"] == "fail"
    assert body["checks"]["database"] == "ok"


def test_readiness_reaches_rabbitmq_when_it_runs(client, settings):
    need(reachable(5672), "RabbitMQ is not running on 127.0.0.1:5672")
    settings.EXCHANGE_TRANSPORT = {"name": "amqp", "options": {
        "url": "amqp://guest:guest@127.0.0.1:5672/%2F"}}
    status, body = ready(client)
    assert status == 200 and body["checks"]["exchange_transport"] == "ok"


def test_readiness_fails_when_the_spool_root_is_gone(client, settings, tmp_path):
    settings.EXCHANGE_TRANSPORT = {"name": "spool", "options": {"root": str(tmp_path / "gone")}}
    status, body = ready(client)
    assert status == 503 and body["checks"]["exchange_transport"] == "fail"


def test_readiness_checks_the_redis_cache(client, settings):
    need(reachable(6379), "Redis is not running on 127.0.0.1:6379")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/15", "KEY_PREFIX": "pso-test"}}
    status, body = ready(client)
    assert status == 200 and body["checks"]["cache"] == "ok"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{closed_port()}/15"}}
    status, body = ready(client)
    assert status == 503 and body["checks"]["cache"] == "fail"


def test_probes_refuse_callers_outside_the_monitoring_networks(client):
    for path in ("/health/live", "/health/ready"):
        assert client.get(path, REMOTE_ADDR="198.51.100.7").status_code == 403
