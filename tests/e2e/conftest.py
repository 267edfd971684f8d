"""Real-browser end-to-end fixtures: Debian's Chromium driven by Playwright (sync API).

One browser per session, a fresh context (cookies, storage) and page per test, pointed at
pytest-django's live server. Without Chromium the tests skip, or fail when REQUIRE_SERVICES=1.
"""

import contextlib
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import need
from tests.e2e.launcher import SHARED_PORTS, running_demo

# Playwright's sync API keeps an asyncio event loop running in the main thread; Django's ORM
# (used by the tests and the fixtures that load the catalog) would otherwise refuse to run.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MISSING = "Chromium not found at /usr/bin/chromium (apt-get install chromium)"
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
REPORTS = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def browser():
    need(os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK), MISSING)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, f"{MISSING}; Playwright is not installed either")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # Playwright's Error: the binary exists but does not start
        playwright.stop()
        need(False, f"{MISSING}; Playwright could not launch it: {str(exc).splitlines()[0]}")
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="session")
def shared_demo(tmp_path_factory):
    """One seeded demo (both zones, exchange workers, ferry, schedulers, gateway simulator) for
    every module marked ``demo`` that asks for it: started on first use, stopped at the end of
    the session. Modules should use demo people (or fresh registrations) the others do not."""
    portal, back_office = SHARED_PORTS
    with running_demo(tmp_path_factory.mktemp("shared-demo-var"), portal, back_office,
                      seeded=True) as process:
        yield SimpleNamespace(process=process, portal=f"http://127.0.0.1:{portal}",
                              back_office=f"http://127.0.0.1:{back_office}",
                              gateway=f"http://127.0.0.1:{portal + 2}")


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context (no cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)
    tab = context.new_page()
    yield tab
    report = request.node.stash.get(REPORTS, {}).get("call")
    if report is not None and report.failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        with contextlib.suppress(Exception):  # a screenshot must never hide the real failure
            tab.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's report so the page fixture can screenshot failed tests."""
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report
