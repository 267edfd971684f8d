"""What operators watch (ADR 0034): liveness and readiness probes, metrics in Prometheus format
and structured log lines, the same in both zones.

``middleware.MonitoringMiddleware`` (first in ``MIDDLEWARE``) gives every request an id, counts
and times it, and answers ``/health/live``, ``/health/ready`` and ``/metrics`` itself, before
the host check, the HTTPS redirect and sessions: probes and scrapers reach each app process
directly on the private network, never through the public proxy (deploy/nginx refuses them).
"""
