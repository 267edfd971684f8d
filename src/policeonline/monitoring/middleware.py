"""First in the chain: request id, request metrics, and the monitoring endpoints."""

import hmac
import ipaddress
import json
import time
from functools import lru_cache

from django.conf import settings
from django.http import HttpResponse, JsonResponse

from . import health, metrics
from .context import choose_request_id, request_id

LIVE, READY, METRICS = "/health/live", "/health/ready", "/metrics"
PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


@lru_cache(maxsize=4)
def parse_networks(networks: tuple[str, ...]) -> list:
    return [ipaddress.ip_network(n, strict=False) for n in networks]


class MonitoringMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = choose_request_id(request.headers.get("X-Request-ID"))
        token = request_id.set(rid)
        started = time.monotonic()
        try:
            view, response = self.monitoring(request)
            if response is None:
                response = self.get_response(request)
                match = getattr(request, "resolver_match", None)
                view = (match.view_name or match._func_path) if match else "unresolved"
            metrics.observe_request(view, request.method, response.status_code,
                                    time.monotonic() - started)
            response.headers["X-Request-ID"] = rid
            return response
        finally:
            request_id.reset(token)

    def monitoring(self, request):
        """(view name, response) for a monitoring path, else (None, None)."""
        path = request.path_info
        if path not in (LIVE, READY, METRICS):
            return None, None
        name = {LIVE: "monitoring:live", READY: "monitoring:ready", METRICS: "monitoring:metrics"}[path]
        if not self.peer_allowed(request):
            return name, HttpResponse("Forbidden: not from a monitoring network.\n", status=403,
                                      content_type="text/plain")
        if path == LIVE:
            return name, JsonResponse({"status": "ok", "zone": settings.ZONE})
        if path == READY:
            checks = health.readiness()
            ok = all(v == "ok" for v in checks.values())
            return name, HttpResponse(json.dumps({"status": "ok" if ok else "fail", "zone": settings.ZONE,
                                                  "checks": checks}), status=200 if ok else 503,
                                      content_type="application/json")
        expected = settings.METRICS_TOKEN
        if not expected:
            return name, HttpResponse("Not found: metrics are off (METRICS_TOKEN is not set).\n",
                                      status=404, content_type="text/plain")
        offered = request.headers.get("Authorization", "")
        if not hmac.compare_digest(offered.encode(), f"Bearer {expected}".encode()):
            response = HttpResponse("Unauthorized: a bearer token is needed.\n", status=401,
                                    content_type="text/plain")
            response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return name, response
        response = HttpResponse(metrics.render(), content_type=PROMETHEUS_TEXT)
        response.headers["Cache-Control"] = "no-store"
        return name, response

    def peer_allowed(self, request) -> bool:
        # The TCP peer, never X-Forwarded-For: a client can write that header itself.
        try:
            peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(peer in network for network in
                   parse_networks(tuple(settings.MONITORING_ALLOWED_NETWORKS)))
