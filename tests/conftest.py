"""Fixtures shared by both zones' test runs (each run has its own DJANGO_SETTINGS_MODULE)."""

import os

import pytest
from stdnum.cn import ric, uscc

from policeonline.catalog.loader import load_catalog

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def need(condition: bool, reason: str):
    """Skip when a service or tool is missing, but fail when CI requires it."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def need_postgresql(what: str) -> None:
    """For races and locks only PostgreSQL can show. The SQLite run skips them (CI runs the
    suite again on PostgreSQL, where they must run); with DATABASE_URL pointing at PostgreSQL
    they always run."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.fail(f"DATABASE_URL names PostgreSQL but the tests run on {connection.vendor}")
    pytest.skip(f"{what} needs PostgreSQL: runs with DATABASE_URL=postgres://… (CI's second pass)")


def make_id_number(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")  # stdnum expects a placeholder


def make_credit_code(body17: str) -> str:
    return body17 + uscc.calc_check_digit(body17)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language (Chinese). A request through the test
    client leaves its language active in the thread, as the language middleware does in
    production; without this a test's expected wording would depend on which test ran before."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def exchange_keys(tmp_path_factory):
    """Both zones' exchange keyrings, trusting each other, in a temporary folder; this zone's
    settings point at its own. Returns {zone: Keyring} so a test can play the other side."""
    from django.conf import settings
    from django.test import override_settings

    from policeonline.exchange.endpoint import reset_default_endpoint
    from policeonline.exchange.keys import Keyring

    root = tmp_path_factory.mktemp("exchange")
    rings = {zone: Keyring(root / zone, zone) for zone in ("internet", "intranet")}
    for ring in rings.values():
        ring.create()
    rings["internet"].trust(rings["intranet"].export_public())
    rings["intranet"].trust(rings["internet"].export_public())
    with override_settings(EXCHANGE_KEY_DIR=str(root / settings.ZONE),
                           EXCHANGE_TRANSPORT={"name": "spool",
                                               "options": {"root": str(root / "spool")}}):
        reset_default_endpoint()
        yield rings
    reset_default_endpoint()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real catalog files once into the test database."""
    with django_db_blocker.unblock():
        load_catalog()


@pytest.fixture
def catalog(transactional_db):
    """For tests whose database is flushed between tests (live server): reload the catalog."""
    load_catalog()
