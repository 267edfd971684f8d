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


def make_id_number(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")  # stdnum expects a placeholder


def make_credit_code(body17: str) -> str:
    return body17 + uscc.calc_check_digit(body17)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real catalog files once into the test database."""
    with django_db_blocker.unblock():
        load_catalog()


@pytest.fixture
def catalog(transactional_db):
    """For tests whose database is flushed between tests (live server): reload the catalog."""
    load_catalog()
