"""A private PostgreSQL cluster shared by the system tests of one pytest process."""

import os

import pytest

from tests.conftest import need
from tests.system import pgcluster


def on_postgresql_pass() -> bool:
    """CI runs the suite twice, on SQLite and with DATABASE_URL naming PostgreSQL; the tests
    on the private cluster run in the PostgreSQL pass only."""
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.fixture(scope="session")
def private_cluster():
    ok, why = pgcluster.available()
    need(ok, f"a private PostgreSQL cluster is needed to restart the server safely: {why}")
    cluster = pgcluster.PrivateCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()
