import pytest

from policeonline.workdays import cache

from ..conftest import make_officer, sign_in


@pytest.fixture(autouse=True)
def english():
    """Messages built outside a request are asserted in English (pages set the lang cookie)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_calendar_cache(db):
    """Each test's database is rolled back without signals; start every test from an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_client(client):
    """An administrator signed in with password and TOTP, reading the pages in English."""
    sign_in(client, make_officer("900200", None, ["admin"]))
    client.cookies["lang"] = "en"
    return client
