"""sqlmap, the short version of `scripts/security.py sqlmap` (the full run, both zones and every
form and API operation, is `make security`): the portal's search, its progress query form (with
its CSRF token) and the API's catalog filters, served by this test run's live server on its
database (SQLite, or PostgreSQL in CI's second pass), are not injectable.

A control proves the scan can fail: a deliberately injectable page, served beside them only
here, must be reported as injectable (exit status 1)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.http import HttpResponse
from django.urls import path

from policeonline.urls.internet import urlpatterns as zone_urlpatterns
from tests.conftest import need

ROOT = Path(__file__).resolve().parents[2]
SQLMAP = Path(sys.executable).parent / "sqlmap"
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def unsafe_item_lookup(request):
    """Deliberately injectable (test only): the code is pasted into the SQL text."""
    code = request.GET.get("code", "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT code FROM catalog_item WHERE code = '{code}'")  # noqa: S608 - the control
        rows = cursor.fetchall()
    return HttpResponse(", ".join(row[0] for row in rows) or "none")


urlpatterns = [path("control/unsafe-item/", unsafe_item_lookup), *zone_urlpatterns]


def run_scan(live_server, *args) -> subprocess.CompletedProcess:
    need(SQLMAP.exists() or shutil.which("sqlmap"), "sqlmap is not installed (pip install sqlmap)")
    dbms = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}[connection.vendor]
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "security.py"), "sqlmap",  # noqa: S603
                           "--zone", "internet", "--url", live_server.url, "--dbms", dbms, *args],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)


@pytest.fixture
def lifted_throttles(settings):
    """As the full run: every payload reaches the view (a throttled request touches nothing)."""
    settings.PROGRESS_QUERY_LIMITS = {"per_client": 10**9, "failures_per_receipt": 10**9}


def test_search_progress_query_and_catalog_filters_are_not_injectable(live_server, catalog, lifted_throttles):
    scan = run_scan(live_server, "--quick")
    assert scan.returncode == 0, scan.stdout + scan.stderr
    lines = scan.stdout.splitlines()
    for name in ("portal search", "progress query form", "API catalog items"):
        assert any(name in line and "not injectable" in line for line in lines), scan.stdout
    assert "sqlmap: 0 target(s) injectable" in scan.stdout


def test_the_scan_reports_an_injectable_page(live_server, catalog, settings):
    settings.ROOT_URLCONF = __name__
    scan = run_scan(live_server, "--path", "/control/unsafe-item/?code=CRJ-001")
    assert scan.returncode == 1, scan.stdout + scan.stderr
    assert "INJECTABLE" in scan.stdout
